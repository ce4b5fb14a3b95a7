using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Unsubscribe;

namespace ConsentFunctions.Tests.Unsubscribe;

public class UnsubscribeLanguageTests
{
    private static async Task<string> TokenInAsync(FunctionTestApp app, string? language)
    {
        var body = new JsonObject { ["subject"] = new JsonObject { ["email"] = "jeanne@example.fr" }, ["channel"] = "email", ["purpose"] = "marketing", ["language"] = language };
        var request = app.Request("POST", body.ToJsonString());
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeLinkFunction>().Run(request));
        Assert.Equal(200, answer.Status);
        var url = answer.Json.GetProperty("url").GetString()!;
        return url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    }

    [Fact]
    public async Task The_page_speaks_the_subjects_language_named_by_the_link_whatever_the_browser()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var english = await app.UnsubscribeAsync("GET", await TokenInAsync(app, "en"), body: null, acceptLanguage: "fr-FR");
        var french = await app.UnsubscribeAsync("GET", await TokenInAsync(app, "fr"), body: null, acceptLanguage: "en-GB");
        var browser = await app.UnsubscribeAsync("GET", await TokenInAsync(app, null), body: null, acceptLanguage: "en-GB");
        Assert.Contains("lang=\"en\"", english.Body, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", french.Body, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", browser.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_other_than_french_or_english_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = new JsonObject { ["subject"] = new JsonObject { ["email"] = "jeanne@example.fr" }, ["channel"] = "email", ["purpose"] = "marketing", ["language"] = "de" };
        var request = app.Request("POST", body.ToJsonString());
        (await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeLinkFunction>().Run(request))).AssertProblem(400, "language");
    }
}
