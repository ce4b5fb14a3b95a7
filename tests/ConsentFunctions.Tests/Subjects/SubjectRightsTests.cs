using System.Text.Json.Nodes;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFunctions.Tests.Subjects;

public class SubjectRightsTests
{
    private static async Task<HttpAnswer> CallAsync(FunctionTestApp app, Func<SubjectRightsFunctions, HttpRequest, Task<IActionResult>> route, string body)
    {
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await route(app.Function<SubjectRightsFunctions>(), request));
    }

    private static string Subject(string email) => new JsonObject { ["subject"] = DecisionCalls.Email(email) }.ToJsonString();

    private static async Task<(string Email, string Phone)> CaptureWithPhoneAsync(FunctionTestApp app)
    {
        var email = Forms.UniqueEmail();
        const string phone = "+33612345678"; // each test app has its own tables
        var form = Forms.Valid(email);
        form["subject"]!["phone"] = phone;
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        return (email, phone);
    }

    [Fact]
    public async Task The_export_holds_the_profile_the_receipts_the_consents_and_the_objections()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var (email, phone) = await CaptureWithPhoneAsync(app);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.ObjectAsync(new JsonObject { ["subject"] = DecisionCalls.Email(email), ["channels"] = new JsonArray("postal") }.ToJsonString());

        var byPhone = await CallAsync(app, (f, r) => f.Export(r), new JsonObject { ["subject"] = DecisionCalls.Phone(phone) }.ToJsonString());
        Assert.Equal(200, byPhone.Status);
        var export = byPhone.Json;
        Assert.Equal(email, export.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal("Jeanne", export.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal(1, export.GetProperty("receipts").GetArrayLength());
        Assert.Equal(Forms.MarketingWording, export.GetProperty("receipts")[0].GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.Equal(2, export.GetProperty("consents").GetArrayLength());
        Assert.Equal("postal", export.GetProperty("objections")[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Exporting_someone_unknown_is_404()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await CallAsync(app, (f, r) => f.Export(r), Subject(Forms.UniqueEmail()))).AssertProblem(404);
    }

    [Fact]
    public async Task Rectification_corrects_the_profile_and_leaves_the_receipt_as_proof()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receiptId = (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Json.GetProperty("receiptId").GetString()!;
        var answer = await CallAsync(app, (f, r) => f.Rectify(r), new JsonObject { ["subject"] = DecisionCalls.Email(email), ["lastName"] = "Martin-Durand" }.ToJsonString());
        Assert.Equal(200, answer.Status);

        var export = (await CallAsync(app, (f, r) => f.Export(r), Subject(email))).Json;
        Assert.Equal("Martin-Durand", export.GetProperty("profile").GetProperty("lastName").GetString());
        Assert.Equal("Martin", (await app.ReceiptAsync(receiptId)).Json.GetProperty("receipt").GetProperty("subject").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Erasure_removes_everything_under_both_identifiers_and_the_person_is_never_contacted_again()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var (email, phone) = await CaptureWithPhoneAsync(app);
        var receiptId = (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Json.GetProperty("receiptId").GetString()!;
        app.Time.Advance(TimeSpan.FromMinutes(1));

        var erased = await CallAsync(app, (f, r) => f.Erase(r), Subject(email));
        Assert.Equal(200, erased.Status);
        Assert.True(erased.Json.GetProperty("rowsDeleted").GetInt32() > 0);
        // The proofs of consents given stay in the archive to defend legal claims (art. 17(3)(e)), and the answer says so.
        Assert.Equal(2, erased.Json.GetProperty("proofsKept").GetInt32());
        Assert.Equal(app.Time.GetUtcNow().AddYears(5), erased.Json.GetProperty("proofsKeptUntil").GetDateTimeOffset());
        var archived = await app.ReceiptAsync(receiptId);
        Assert.Equal(200, archived.Status);
        Assert.True(archived.Json.TryGetProperty("archivedAt", out _));
        var export = (await CallAsync(app, (f, r) => f.Export(r), new JsonObject { ["subject"] = DecisionCalls.Phone(phone) }.ToJsonString())).Json;
        Assert.Equal(0, export.GetProperty("receipts").GetArrayLength());
        Assert.Equal(0, export.GetProperty("consents").GetArrayLength());
        Assert.False(export.TryGetProperty("profile", out _));
        foreach (var (channel, subject) in new[] { ("email", DecisionCalls.Email(email)), ("sms", DecisionCalls.Phone(phone)) })
        {
            var d = (await app.DecideAsync(channel, "marketing", app.Time.GetUtcNow(), [subject])).Json.GetProperty("decisions")[0];
            Assert.Equal("objection", d.GetProperty("reason").GetString());
        }
    }

    [Theory]
    [InlineData("{}", "subject")]
    [InlineData("{\"subject\":{\"email\":\"nope\"}}", "subject.email")]
    public async Task A_bad_subject_is_refused_and_nothing_changes(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await CallAsync(app, (f, r) => f.Export(r), body)).AssertProblem(400, path);
        (await CallAsync(app, (f, r) => f.Erase(r), body)).AssertProblem(400, path);
        (await CallAsync(app, (f, r) => f.Rectify(r), body.Replace("}}", "},\"lastName\":\"X\"}", StringComparison.Ordinal))).AssertProblem(400);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_rectification_with_nothing_to_correct_or_a_multiline_name_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        (await CallAsync(app, (f, r) => f.Rectify(r), Subject(email))).AssertProblem(400);
        (await CallAsync(app, (f, r) => f.Rectify(r), new JsonObject { ["subject"] = DecisionCalls.Email(email), ["firstName"] = "a\nb" }.ToJsonString())).AssertProblem(400, "firstName");
        (await CallAsync(app, (f, r) => f.Rectify(r), new JsonObject { ["subject"] = DecisionCalls.Email(email), ["firstName"] = "Zoé" }.ToJsonString())).AssertProblem(404);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }
}
