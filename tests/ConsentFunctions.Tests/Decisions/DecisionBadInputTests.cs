using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Decisions;

public class DecisionBadInputTests
{
    private static JsonObject Valid() => new()
    {
        ["channel"] = "email", ["purpose"] = "marketing", ["at"] = "2026-12-01T09:00:00Z",
        ["subjects"] = new JsonArray(Email("jeanne@example.fr")),
    };

    private static async Task AssertRefusedAsync(string body, int status, string? path = null)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.DecideAsync(body)).AssertProblem(status, path);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public Task More_than_1000_subjects_is_refused()
    {
        var body = Valid();
        body["subjects"] = new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode)Email($"p{i}@example.fr")).ToArray());
        return AssertRefusedAsync(body.ToJsonString(), 400, "subjects");
    }

    [Theory]
    [InlineData("channel", "pigeon")]
    [InlineData("purpose", "profiling")]
    [InlineData("audience", "martians")]
    public Task An_unknown_value_is_refused(string field, string value)
    {
        var body = Valid();
        body[field] = value;
        return AssertRefusedAsync(body.ToJsonString(), 400, field);
    }

    [Fact]
    public Task A_subject_with_neither_email_nor_phone_is_refused()
    {
        var body = Valid();
        body["subjects"] = new JsonArray(Email("jeanne@example.fr"), new JsonObject { ["name"] = "Jeanne" });
        return AssertRefusedAsync(body.ToJsonString(), 400, "subjects[1]");
    }

    [Fact]
    public Task A_subject_whose_email_is_not_one_is_refused()
    {
        var body = Valid();
        body["subjects"] = new JsonArray(Email("not-an-email"));
        return AssertRefusedAsync(body.ToJsonString(), 400, "subjects[0].email");
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"2026-12-01T09:00:00\"")]
    [InlineData("42")]
    public Task At_that_is_not_a_date_is_refused(string at)
        => AssertRefusedAsync(Valid().ToJsonString().Replace("\"2026-12-01T09:00:00Z\"", at, StringComparison.Ordinal), 400, "at");

    [Fact]
    public Task A_missing_at_is_refused()
    {
        var body = Valid();
        body.Remove("at");
        return AssertRefusedAsync(body.ToJsonString(), 400, "at");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"subjects\":[],\"subjects\":[]}")]
    public Task Malformed_json_is_refused(string body) => AssertRefusedAsync(body, 400);
}
