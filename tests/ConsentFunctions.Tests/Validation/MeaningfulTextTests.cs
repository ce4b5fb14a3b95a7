using System.Text.Json.Nodes;
using ConsentFunctions.Core.Validation;
using ConsentFunctions.Retention;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Validation;

/// <summary>Texts that must say something, ids that are ids, booleans that are booleans.</summary>
public class MeaningfulTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData("\u3164")]
    [InlineData("\u00A0\u2003\t")]
    [InlineData("…!?")]
    public void Invisible_or_punctuation_only_text_means_nothing(string text) => Assert.False(TextRules.HasMeaning(text));

    [Theory]
    [InlineData("J'accepte")]
    [InlineData("\u200Bok")]
    [InlineData("7")]
    [InlineData("同意")]
    public void A_letter_or_digit_means_something(string text) => Assert.True(TextRules.HasMeaning(text));

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("-_.")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void Not_an_id(string id) => Assert.False(TextRules.IsSafeId(id, 100));

    [Theory]
    [InlineData("newsletter-2026.v1")]
    [InlineData("a")]
    [InlineData("_1")]
    public void An_id(string id) => Assert.True(TextRules.IsSafeId(id, 100));

    private static async Task AssertRefusedAsync(Action<JsonObject> change, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        change(form);
        (await app.CaptureAsync(form.ToJsonString())).AssertProblem(400, path);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" ")]
    [InlineData("")]
    public Task A_wording_of_invisible_characters_is_refused(string wording)
        => AssertRefusedAsync(f => f["consents"]![0]!["wording"] = wording, "consents[0].wording");

    [Fact]
    public Task A_partner_name_of_invisible_characters_is_refused()
        => AssertRefusedAsync(f => f["consents"]![1]!["partners"] = new JsonArray("Acme SAS", "\u200B\u200C"), "consents[1].partners");

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public Task Dot_ids_are_refused(string id) => AssertRefusedAsync(f => f["form"]!["id"] = id, "form.id");

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("\u200B")]
    public async Task A_notice_id_that_is_not_an_id_is_refused(string id)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = new JsonObject
        {
            ["noticeId"] = id, ["version"] = "1", ["language"] = "fr-FR", ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = Forms.MarketingWording,
        };
        (await app.RegisterNoticeAsync(body.ToJsonString())).AssertProblem(400, "noticeId");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("1600-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task A_date_storage_cannot_hold_is_refused_before_it_reaches_storage(string at)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = new JsonObject { ["subject"] = DecisionCalls.Email(Forms.UniqueEmail()), ["kind"] = "purchase", ["at"] = at };
        (await app.InteractAsync(body.ToJsonString())).AssertProblem(400, "at");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("?dryRun=")]
    [InlineData("?dryRun=yes")]
    [InlineData("?dryRun=True")]
    [InlineData("?dryRun=true&dryRun=false")]
    public async Task A_dry_run_flag_that_is_not_true_or_false_is_refused_and_nothing_runs(string query)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var request = app.Request("POST", (byte[]?)null, null);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<RetentionFunctions>().RunNow(request));
        answer.AssertProblem(400, "dryRun");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }
}
