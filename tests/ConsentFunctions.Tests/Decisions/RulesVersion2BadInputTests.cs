using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Breaches;
using ConsentFunctions.Tests.Infrastructure;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>The new fields of rules version 2, given wrong: a 4xx problem+json and nothing stored.</summary>
public class RulesVersion2BadInputTests
{
    private static async Task AssertRefusedAsync(FunctionTestApp app, Func<Task<HttpAnswer>> call, int status, string? path = null)
    {
        var before = await app.CountAllRowsAsync();
        (await call()).AssertProblem(status, path);
        Assert.Equal(before, await app.CountAllRowsAsync());
    }

    public static TheoryData<string, string> BadCaptures => new()
    {
        { """{"consents":[{"mode":"tick-to-maybe"}]}""", "consents[0].mode" },
        { """{"form":{"kind":"survey"}}""", "form.kind" },
        { """{"subject":{"under15":"yes"}}""", "subject.under15" },
        { """{"source":{"collectedAt":"2026-11-01T10:00:00Z"}}""", "source.collectedAt" },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public async Task A_capture_with_a_wrong_new_field_is_refused(string patch, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        Merge(form, JsonNode.Parse(patch)!.AsObject());
        await AssertRefusedAsync(app, () => app.CaptureAsync(form.ToJsonString()), 400, path.StartsWith("subject.under15", StringComparison.Ordinal) ? null : path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2027-01-01T00:00:00Z")] // in the future
    [InlineData("1999-12-31T23:59:59Z")] // before 2000
    public async Task An_import_without_a_plausible_collection_date_is_refused(string? collectedAt)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = collectedAt };
        form["consents"]![0]!["partners"] = new JsonArray("Boutique Exemple SAS");
        await AssertRefusedAsync(app, () => app.ImportAsync(form.ToJsonString()), 400, "source.collectedAt");
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)] // a control character
    public async Task A_campaign_name_too_long_or_with_control_characters_is_refused(int length)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var campaign = length < 0 ? "Soldes\u0007" : new string('x', length);
        await AssertRefusedAsync(app, () => app.DecideAsync("email", "marketing", app.Time.GetUtcNow(), [Email(Forms.UniqueEmail())], b => b["campaign"] = campaign), 400, "campaign");
    }

    [Fact]
    public async Task Not_high_risk_is_refused_as_the_reason_for_not_informing_people_of_a_high_risk_breach()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = BreachCalls.Breach(app.Time.GetUtcNow().AddHours(-1), "high");
        body["peopleInformed"] = new JsonObject { ["informed"] = false, ["reason"] = "not-high-risk" };
        await AssertRefusedAsync(app, () => app.OpenBreachAsync(body.ToJsonString()), 400, "peopleInformed.reason");

        var id = await app.OpenBreachAsync(app.Time.GetUtcNow().AddHours(-1), "risk");
        Assert.Equal(200, (await app.UpdateBreachAsync(id, new JsonObject { ["peopleInformed"] = new JsonObject { ["informed"] = false, ["reason"] = "not-high-risk" } }.ToJsonString())).Status);
        await AssertRefusedAsync(app, () => app.UpdateBreachAsync(id, new JsonObject { ["riskLevel"] = "high" }.ToJsonString()), 400, "peopleInformed.reason");
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is JsonObject o && target[name] is JsonObject t)
            {
                Merge(t, o);
            }
            else if (value is JsonArray a && target[name] is JsonArray ta && a.Count > 0 && a[0] is JsonObject first && ta[0] is JsonObject tfirst)
            {
                Merge(tfirst, first);
            }
            else
            {
                patch.Remove(name);
                target[name] = value;
            }
        }
    }
}
