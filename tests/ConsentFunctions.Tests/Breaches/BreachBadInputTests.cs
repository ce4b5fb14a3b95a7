using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>Every bad input gets a 4xx problem+json and changes nothing in storage.</summary>
public class BreachBadInputTests
{
    private static async Task AssertOpenRefusedAsync(Action<JsonObject, DateTimeOffset> change, int status, string? errorPath)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = BreachCalls.Breach(app.Time.GetUtcNow().AddHours(-1));
        change(body, app.Time.GetUtcNow());
        (await app.OpenBreachAsync(body.ToJsonString())).AssertProblem(status, errorPath);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    /// <summary>Runs a call against an app holding one breach; asserts the refusal and that no row changed.</summary>
    private static async Task AssertChangeRefusedAsync(Func<FunctionTestApp, string, Task<HttpAnswer>> call, int status, string? errorPath = null,
        Func<FunctionTestApp, string, Task>? arrange = null)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var id = await app.OpenBreachAsync(app.Time.GetUtcNow().AddHours(-1));
        if (arrange is not null)
        {
            await arrange(app, id);
        }
        var before = await app.SnapshotAsync();
        (await call(app, id)).AssertProblem(status, errorPath);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public Task AwareAt_in_the_future_is_refused()
        => AssertOpenRefusedAsync((b, now) => b["awareAt"] = BreachCalls.Iso(now.AddHours(1)), 400, "awareAt");

    [Fact]
    public Task A_missing_awareAt_is_refused()
        => AssertOpenRefusedAsync((b, _) => b.Remove("awareAt"), 400, "awareAt");

    [Fact]
    public Task An_awareAt_without_offset_is_refused()
        => AssertOpenRefusedAsync((b, _) => b["awareAt"] = "2026-11-30T08:00:00", 400, "awareAt");

    [Theory]
    [InlineData("approximatePeople")]
    [InlineData("approximateRecords")]
    public Task Negative_counts_are_refused(string field)
        => AssertOpenRefusedAsync((b, _) => b[field] = -1, 400, field);

    [Fact]
    public Task A_count_that_is_not_a_whole_number_is_refused()
        => AssertOpenRefusedAsync((b, _) => b["approximatePeople"] = 12.5, 400, "approximatePeople");

    [Theory]
    [InlineData("severe")]
    [InlineData("HIGH")]
    [InlineData("")]
    public Task An_unknown_risk_level_is_refused(string level)
        => AssertOpenRefusedAsync((b, _) => b["riskLevel"] = level, 400, "riskLevel");

    [Fact]
    public Task An_occurrence_after_awareness_is_refused()
        => AssertOpenRefusedAsync((b, now) => b["occurredAt"] = BreachCalls.Iso(now), 400, "occurredAt");

    [Fact]
    public Task A_breach_without_nature_is_refused()
        => AssertOpenRefusedAsync((b, _) => b.Remove("nature"), 400, "nature");

    [Fact]
    public Task A_dpo_contact_with_nothing_in_it_is_refused()
        => AssertOpenRefusedAsync((b, _) => b["dpoContact"] = new JsonObject(), 400, "dpoContact");

    [Fact]
    public Task People_not_informed_without_a_reason_is_refused()
        => AssertOpenRefusedAsync((b, _) => b["peopleInformed"] = new JsonObject { ["informed"] = false }, 400, "peopleInformed.reason");

    [Fact]
    public Task Text_with_control_characters_is_refused()
        => AssertOpenRefusedAsync((b, _) => b["measures"] = "wiped\u0000", 400, "measures");

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"awareAt\": \"2026-11-30T08:00:00Z\", \"awareAt\": \"2026-11-29T08:00:00Z\", \"nature\": \"x\"}")]
    public async Task Malformed_json_is_refused(string body)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.OpenBreachAsync(body)).AssertProblem(400);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.OpenBreachAsync("awareAt=2026-11-30T08:00:00Z", "application/x-www-form-urlencoded")).AssertProblem(415);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public Task An_oversized_body_is_refused_with_413()
        => AssertOpenRefusedAsync((b, _) => b["note"] = new string('x', 70_000), 413, null);

    [Fact]
    public Task Notifying_twice_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.NotifyBreachAsync(id, app.Time.GetUtcNow()), 409,
            arrange: async (app, id) => Assert.Equal(200, (await app.NotifyBreachAsync(id, app.Time.GetUtcNow())).Status));

    [Fact]
    public Task A_late_notification_without_delay_reason_is_refused()
        => AssertChangeRefusedAsync(async (app, id) =>
        {
            app.Time.Advance(TimeSpan.FromHours(80));
            return await app.NotifyBreachAsync(id, app.Time.GetUtcNow());
        }, 400, "delayReason");

    [Fact]
    public Task A_notification_before_awareness_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.NotifyBreachAsync(id, app.Time.GetUtcNow().AddHours(-2)), 400, "notifiedAt");

    [Fact]
    public Task A_notification_in_the_future_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.NotifyBreachAsync(id, app.Time.GetUtcNow().AddHours(2)), 400, "notifiedAt");

    [Fact]
    public Task A_notification_without_reference_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.NotifyBreachAsync(id, $"{{\"notifiedAt\": \"{BreachCalls.Iso(app.Time.GetUtcNow())}\"}}"), 400, "reference");

    [Fact]
    public Task A_patch_of_an_unknown_id_is_404()
        => AssertChangeRefusedAsync((app, _) => app.UpdateBreachAsync("0193a1b2c3d4e5f60718293a4b5c6d7e", "{\"approximatePeople\": 3}"), 404);

    [Theory]
    [InlineData("../b|x")]
    [InlineData("ABC")]
    public Task A_patch_of_an_id_that_cannot_be_one_is_404(string id)
        => AssertChangeRefusedAsync((app, _) => app.UpdateBreachAsync(id, "{\"approximatePeople\": 3}"), 404);

    [Fact]
    public Task A_notification_of_an_unknown_id_is_404()
        => AssertChangeRefusedAsync((app, _) => app.NotifyBreachAsync("0193a1b2c3d4e5f60718293a4b5c6d7e", app.Time.GetUtcNow()), 404);

    [Fact]
    public Task A_patch_that_moves_awareAt_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.UpdateBreachAsync(id, $"{{\"awareAt\": \"{BreachCalls.Iso(app.Time.GetUtcNow())}\"}}"), 400, "awareAt");

    [Fact]
    public Task An_empty_patch_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.UpdateBreachAsync(id, "{}"), 400, "$");

    [Theory]
    [InlineData("{\"approximatePeople\": -5}", "approximatePeople")]
    [InlineData("{\"riskLevel\": \"maybe\"}", "riskLevel")]
    public Task A_bad_patch_is_refused(string body, string errorPath)
        => AssertChangeRefusedAsync((app, id) => app.UpdateBreachAsync(id, body), 400, errorPath);

    [Theory]
    [InlineData("{")]
    [InlineData("{\"approximatePeople\": \"many\"}")]
    public Task A_malformed_patch_is_refused(string body)
        => AssertChangeRefusedAsync((app, id) => app.UpdateBreachAsync(id, body), 400);

    [Fact]
    public Task An_oversized_patch_is_refused_with_413()
        => AssertChangeRefusedAsync((app, id) => app.UpdateBreachAsync(id, $"{{\"note\": \"{new string('x', 70_000)}\"}}"), 413);

    [Fact]
    public Task A_decision_not_to_notify_a_breach_at_risk_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.DecideBreachAsync(id, "{\"notifyAuthority\": false, \"reasons\": \"We think it is fine.\"}"), 400, "notifyAuthority");

    [Fact]
    public Task A_decision_without_reasons_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.DecideBreachAsync(id, "{\"notifyAuthority\": false}"), 400, "reasons");

    [Fact]
    public Task A_decision_after_the_notification_is_refused()
        => AssertChangeRefusedAsync((app, id) => app.DecideBreachAsync(id, "{\"notifyAuthority\": true, \"reasons\": \"x\"}"), 409,
            arrange: async (app, id) => Assert.Equal(200, (await app.NotifyBreachAsync(id, app.Time.GetUtcNow())).Status));

    [Fact]
    public async Task A_history_query_that_is_not_a_boolean_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.ListBreachesAsync("?history=yes")).AssertProblem(400, "history");
    }

    [Fact]
    public async Task An_unknown_breach_is_404()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.GetBreachAsync("0193a1b2c3d4e5f60718293a4b5c6d7e")).AssertProblem(404);
        (await app.GetBreachAsync("b|x")).AssertProblem(404);
    }
}
