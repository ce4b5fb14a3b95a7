using System.Text;
using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

/// <summary>Every bad input gets a 4xx problem+json, stores nothing and never a 5xx.</summary>
public class CaptureBadInputTests
{
    private static async Task AssertRefusedAsync(string body, int status, string? errorPath = null, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(body, contentType, headers);
        answer.AssertProblem(status, errorPath);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    private static string With(Action<JsonObject> change)
    {
        var form = Forms.Valid(Forms.UniqueEmail());
        change(form);
        return form.ToJsonString();
    }

    private static JsonObject Box(JsonObject form, int index = 0) => form["consents"]![index]!.AsObject();

    [Theory]
    [InlineData("{")]
    [InlineData("{\"subject\": {\"email\": \"a@b.fr\"},}")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    public Task Malformed_json_is_refused(string body) => AssertRefusedAsync(body, 400);

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        var big = With(f => Box(f)["wording"] = new string('a', 70_000));
        await AssertRefusedAsync(big, 413);
    }

    [Fact]
    public async Task A_body_over_64_KiB_without_content_length_is_refused_with_413()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var request = app.Request("POST", Encoding.UTF8.GetBytes(With(f => Box(f)["wording"] = new string('a', 70_000))), "application/json");
        request.ContentLength = null; // chunked upload: the limit holds while reading
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<ConsentFunctions.Capture.CaptureFunction>().Run(request));
        answer.AssertProblem(413);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("")]
    public async Task A_wrong_content_type_is_refused_with_415(string contentType)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Encoding.UTF8.GetBytes(Forms.Valid(Forms.UniqueEmail()).ToJsonString()), contentType.Length == 0 ? null : contentType);
        answer.AssertProblem(415);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public Task A_missing_subject_is_refused() => AssertRefusedAsync(With(f => f.Remove("subject")), 400, "subject");

    [Fact]
    public Task A_subject_without_email_or_phone_is_refused()
        => AssertRefusedAsync(With(f => f["subject"] = new JsonObject { ["firstName"] = "Jeanne" }), 400, "subject");

    [Theory]
    [InlineData("jeanne.martin")]
    [InlineData("jeanne@")]
    [InlineData("jeanne martin@example.fr")]
    [InlineData("jeanne@example.fr\r\nBcc: everyone@example.fr")]
    public Task An_email_that_is_not_one_is_refused(string email)
        => AssertRefusedAsync(With(f => f["subject"]!["email"] = email), 400, "subject.email");

    [Fact]
    public Task A_phone_that_is_not_one_is_refused()
        => AssertRefusedAsync(With(f => f["subject"]!["phone"] = "call me maybe"), 400, "subject.phone");

    [Fact]
    public Task No_consents_is_refused() => AssertRefusedAsync(With(f => f.Remove("consents")), 400, "consents");

    [Fact]
    public Task An_empty_list_of_consents_is_refused() => AssertRefusedAsync(With(f => f["consents"] = new JsonArray()), 400, "consents");

    [Fact]
    public Task More_boxes_than_one_transaction_holds_is_refused()
        => AssertRefusedAsync(With(f => f["consents"] = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)new JsonObject
        {
            ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = "w" + i, ["checked"] = true, ["checkedByDefault"] = false,
        }).ToArray())), 400, "consents");

    [Fact]
    public Task A_consent_without_wording_and_without_notice_is_refused()
        => AssertRefusedAsync(With(f => Box(f).Remove("wording")), 400, "consents[0].wording");

    [Fact]
    public Task A_consent_naming_an_unregistered_notice_is_refused()
        => AssertRefusedAsync(With(f => { Box(f).Remove("wording"); Box(f)["noticeId"] = "nope"; Box(f)["noticeVersion"] = "1"; }), 400, "consents[0].noticeId");

    [Theory]
    [InlineData("carrier-pigeon")]
    [InlineData("EMAIL")]
    [InlineData("")]
    public Task An_unknown_channel_is_refused(string channel)
        => AssertRefusedAsync(With(f => Box(f)["channel"] = channel), 400, "consents[0].channel");

    [Theory]
    [InlineData("profiling")]
    [InlineData("Marketing")]
    public Task An_unknown_purpose_is_refused(string purpose)
        => AssertRefusedAsync(With(f => Box(f, 1)["purpose"] = purpose), 400, "consents[1].purpose");

    [Fact]
    public Task A_box_whose_default_state_is_not_said_is_refused()
        => AssertRefusedAsync(With(f => Box(f).Remove("checkedByDefault")), 400, "consents[0].checkedByDefault");

    [Fact]
    public Task Two_boxes_for_the_same_purpose_and_channel_are_refused()
        => AssertRefusedAsync(With(f => Box(f, 1)["purpose"] = "marketing"), 400, "consents[1]");

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("null")]
    public async Task A_value_of_the_wrong_type_is_refused_with_its_path(string value)
    {
        var body = With(_ => { }).Replace("\"checked\":true", "\"checked\":" + value, StringComparison.Ordinal);
        if (value == "null")
        {
            // null is "not said", which for a checkbox means unticked: a valid refusal, not an error.
            await using var app = await FunctionTestApp.CreateAsync();
            var answer = await app.CaptureAsync(body);
            Assert.Equal(201, answer.Status);
            Assert.Equal("refused", answer.Json.GetProperty("consents")[0].GetProperty("status").GetString());
            return;
        }
        await AssertRefusedAsync(body, 400, "consents[0].checked");
    }

    [Fact]
    public Task A_field_sent_twice_in_json_is_refused()
        => AssertRefusedAsync(With(_ => { }).Replace("\"checked\":true", "\"checked\":false,\"checked\":true", StringComparison.Ordinal), 400);

    [Theory]
    [InlineData("x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x=1")]
    [InlineData("consents[0].partners[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]=1")]
    public Task Deeply_nested_form_names_are_refused_not_a_5xx(string body)
        => AssertRefusedAsync(body, 400, contentType: "application/x-www-form-urlencoded");

    [Fact]
    public Task A_field_sent_twice_in_a_form_is_refused()
        => AssertRefusedAsync("subject.email=a%40b.fr&subject.email=c%40d.fr&form.id=f&consents[0].purpose=marketing&consents[0].channel=email&consents[0].wording=w&consents[0].checkedByDefault=false",
            400, "subject.email", "application/x-www-form-urlencoded");

    [Theory]
    [InlineData("\\ud800")]          // a lone surrogate
    [InlineData("\\u0000")]          // NUL
    [InlineData("J'accepte\\u001b[31m")] // terminal escape
    public Task Wording_with_broken_unicode_or_control_characters_is_refused(string escaped)
        => AssertRefusedAsync(With(f => Box(f)["wording"] = "PLACEHOLDER").Replace("PLACEHOLDER", escaped, StringComparison.Ordinal), 400, "consents[0].wording");

    [Fact]
    public async Task Invalid_utf8_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = Encoding.UTF8.GetBytes(With(f => Box(f)["wording"] = "PLACEHOLDER"));
        var text = Encoding.UTF8.GetString(body);
        var at = text.IndexOf("PLACEHOLDER", StringComparison.Ordinal);
        body[at] = 0xE9; // Latin-1 "é": not valid UTF-8 on its own
        var answer = await app.CaptureAsync(body);
        answer.AssertProblem(400);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("id with spaces")]
    public Task A_malformed_submission_id_is_refused(string id)
        => AssertRefusedAsync(With(f => f["submissionId"] = id), 400, "submissionId");

    [Fact]
    public Task A_submission_id_that_differs_from_the_idempotency_key_is_refused()
        => AssertRefusedAsync(With(f => f["submissionId"] = "a"), 400, "submissionId", headers: new Dictionary<string, string> { ["Idempotency-Key"] = "b" });

    [Fact]
    public async Task A_partner_source_without_its_partner_is_refused()
    {
        // On the admin import route; the public route refuses any partner source with 403 (RulesVersion2Tests).
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["source"] = new JsonObject { ["kind"] = "partner", ["collectedAt"] = "2026-11-01T10:00:00Z" };
        (await app.ImportAsync(form.ToJsonString())).AssertProblem(400, "source.partner");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public Task A_form_url_that_is_not_http_is_refused()
        => AssertRefusedAsync(With(f => f["form"]!["url"] = "javascript:alert(1)"), 400, "form.url");

    [Fact]
    public Task A_form_from_an_origin_not_on_the_allow_list_is_refused()
        => AssertRefusedAsync(With(_ => { }), 403, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example.com" });
}
