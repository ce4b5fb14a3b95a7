using System.Text.Json.Nodes;
using ConsentFunctions.Decisions;
using ConsentFunctions.Interactions;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Decisions;

public static class DecisionCalls
{
    public static async Task<HttpAnswer> DecideAsync(this FunctionTestApp app, string body)
    {
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<DecisionFunction>().Run(request));
    }

    public static Task<HttpAnswer> DecideAsync(this FunctionTestApp app, string channel, string purpose, DateTimeOffset at, IEnumerable<JsonObject> subjects, Action<JsonObject>? more = null)
    {
        var body = new JsonObject
        {
            ["channel"] = channel, ["purpose"] = purpose, ["at"] = at.ToString("O"),
            ["subjects"] = new JsonArray(subjects.Select(s => (JsonNode)s).ToArray()),
        };
        more?.Invoke(body);
        return app.DecideAsync(body.ToJsonString());
    }

    public static async Task<HttpAnswer> InteractAsync(this FunctionTestApp app, string body)
    {
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<InteractionFunction>().Run(request));
    }

    public static async Task<HttpAnswer> ObjectAsync(this FunctionTestApp app, string body)
    {
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<ObjectionFunction>().Run(request));
    }

    public static JsonObject Email(string email) => new() { ["email"] = email };

    /// <summary>"allowed", or the reason of the refusal, for email marketing to this address a minute from now.</summary>
    public static async Task<string?> EmailMarketingReasonAsync(FunctionTestApp app, string email)
    {
        var answer = await app.DecideAsync("email", "marketing", app.Time.GetUtcNow().AddMinutes(1), [Email(email)]);
        var d = answer.Json.GetProperty("decisions")[0];
        return d.GetProperty("allowed").GetBoolean() ? "allowed" : d.GetProperty("reason").GetString();
    }

    public static JsonObject Phone(string phone) => new() { ["phone"] = phone };
}
