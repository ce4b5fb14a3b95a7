using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>The register through the admin routes, against Azurite.</summary>
public class BreachRegisterTests
{
    private static List<JsonElement> History(HttpAnswer answer) => answer.Json.GetProperty("history").EnumerateArray().ToList();

    [Fact]
    public async Task Opening_a_breach_records_it_with_its_deadline()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow().AddHours(-2);
        var answer = await app.OpenBreachAsync(BreachCalls.Breach(awareAt).ToJsonString());

        Assert.Equal(201, answer.Status);
        var json = answer.Json;
        var id = json.GetProperty("id").GetString()!;
        Assert.Equal("/api/breaches/" + id, answer.Headers.Location.ToString());
        Assert.Equal("open", json.GetProperty("status").GetString());
        Assert.Equal(BreachCalls.Iso(awareAt.AddHours(72)), json.GetProperty("deadline").GetString());
        Assert.Equal(70, json.GetProperty("hoursLeft").GetDouble());
        Assert.Equal(1200, json.GetProperty("facts").GetProperty("approximatePeople").GetInt64());
        Assert.Equal(BreachCalls.DpoEmail, json.GetProperty("facts").GetProperty("dpoContact").GetProperty("email").GetString());
        Assert.Empty(json.GetProperty("missing").EnumerateArray());

        var read = await app.GetBreachAsync(id);
        Assert.Equal(200, read.Status);
        var entry = Assert.Single(History(read));
        Assert.Equal("opened", entry.GetProperty("kind").GetString());
        Assert.Equal(BreachCalls.Iso(awareAt), entry.GetProperty("awareAt").GetString());
    }

    [Fact]
    public async Task Facts_come_in_phases_and_every_phase_stays_in_the_history()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var first = new JsonObject { ["awareAt"] = BreachCalls.Iso(app.Time.GetUtcNow()), ["nature"] = "Suspicious export of the mailing list." };
        var id = (await app.OpenBreachAsync(first.ToJsonString())).Json.GetProperty("id").GetString()!;

        app.Time.Advance(TimeSpan.FromHours(5));
        var second = await app.UpdateBreachAsync(id, new JsonObject
        {
            ["approximatePeople"] = 800, ["riskLevel"] = "high", ["note"] = "The host's logs arrived.",
        }.ToJsonString());
        Assert.Equal(200, second.Status);
        app.Time.Advance(TimeSpan.FromHours(1));
        var third = await app.UpdateBreachAsync(id, new JsonObject
        {
            ["approximatePeople"] = 1500,
            ["peopleInformed"] = new JsonObject { ["informed"] = true, ["at"] = BreachCalls.Iso(app.Time.GetUtcNow()), ["how"] = "An email to each person." },
        }.ToJsonString());
        Assert.Equal(200, third.Status);

        var facts = third.Json.GetProperty("facts");
        Assert.Equal("Suspicious export of the mailing list.", facts.GetProperty("nature").GetString());
        Assert.Equal(1500, facts.GetProperty("approximatePeople").GetInt64());
        Assert.Equal("high", facts.GetProperty("riskLevel").GetString());
        Assert.True(facts.GetProperty("peopleInformed").GetProperty("informed").GetBoolean());

        var history = History(await app.GetBreachAsync(id));
        Assert.Equal([1, 2, 3], history.Select(e => e.GetProperty("seq").GetInt32()));
        Assert.Equal(["opened", "facts", "facts"], history.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(800, history[1].GetProperty("facts").GetProperty("approximatePeople").GetInt64());
        Assert.Equal("The host's logs arrived.", history[1].GetProperty("note").GetString());
        Assert.Equal(1500, history[2].GetProperty("facts").GetProperty("approximatePeople").GetInt64());
        Assert.False(history[2].GetProperty("facts").TryGetProperty("riskLevel", out _)); // an entry holds what it changed
        Assert.Equal(BreachCalls.Iso(app.Time.GetUtcNow().AddHours(-1)), history[1].GetProperty("at").GetString());
    }

    [Fact]
    public async Task A_notification_in_time_and_a_late_one_with_its_reason_are_recorded()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var now = app.Time.GetUtcNow();
        var onTime = await app.OpenBreachAsync(now.AddHours(-10));
        var late = await app.OpenBreachAsync(now.AddHours(-100));

        var a = await app.NotifyBreachAsync(onTime, now.AddHours(-1));
        Assert.Equal(200, a.Status);
        Assert.Equal("notified", a.Json.GetProperty("status").GetString());
        Assert.False(a.Json.GetProperty("notification").GetProperty("late").GetBoolean());
        Assert.Equal("CNIL-2026-000123", a.Json.GetProperty("notification").GetProperty("reference").GetString());

        var b = await app.NotifyBreachAsync(late, now, "The subcontractor told us of the scope only on day 4.");
        Assert.Equal(200, b.Status);
        Assert.True(b.Json.GetProperty("notification").GetProperty("late").GetBoolean());
        Assert.Equal("The subcontractor told us of the scope only on day 4.", b.Json.GetProperty("notification").GetProperty("delayReason").GetString());

        // Facts still come after the notification (art. 33(4), in phases).
        Assert.Equal(200, (await app.UpdateBreachAsync(late, "{\"approximateRecords\": 9000}")).Status);
        Assert.Equal(["opened", "notified", "facts"], History(await app.GetBreachAsync(late)).Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task The_register_lists_every_breach_with_deadline_and_status_and_exports_the_history()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var now = app.Time.GetUtcNow();
        var open = await app.OpenBreachAsync(now.AddHours(-1));
        var overdue = await app.OpenBreachAsync(now.AddHours(-73));
        var notified = await app.OpenBreachAsync(now.AddHours(-5));
        await app.NotifyBreachAsync(notified, now);
        var unnotified = await app.OpenBreachAsync(now.AddHours(-3), riskLevel: "none");
        Assert.Equal(200, (await app.DecideBreachAsync(unnotified, "{\"notifyAuthority\": false, \"reasons\": \"Encrypted backup; the key was not exposed.\"}")).Status);

        var list = await app.ListBreachesAsync();
        Assert.Equal(200, list.Status);
        Assert.Equal(4, list.Json.GetProperty("count").GetInt32());
        var byId = list.Json.GetProperty("breaches").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal("open", byId[open].GetProperty("status").GetString());
        Assert.Equal("overdue", byId[overdue].GetProperty("status").GetString());
        Assert.Equal(-1, byId[overdue].GetProperty("hoursLeft").GetDouble());
        Assert.Equal("notified", byId[notified].GetProperty("status").GetString());
        Assert.Equal("not-notified", byId[unnotified].GetProperty("status").GetString());
        Assert.Equal("Encrypted backup; the key was not exposed.", byId[unnotified].GetProperty("decision").GetProperty("reasons").GetString());
        Assert.Equal(BreachCalls.Iso(now.AddHours(71)), byId[open].GetProperty("deadline").GetString());
        Assert.All(byId.Values, b => Assert.False(b.TryGetProperty("history", out _)));

        var export = await app.ListBreachesAsync("?history=true");
        Assert.Equal(200, export.Status);
        Assert.StartsWith("attachment;", export.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var exported = export.Json.GetProperty("breaches").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal(["opened", "notified"], exported[notified].GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(["opened", "decision"], exported[unnotified].GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_risk_found_after_a_decision_not_to_notify_voids_the_decision()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var id = await app.OpenBreachAsync(app.Time.GetUtcNow(), riskLevel: "none");
        await app.DecideBreachAsync(id, "{\"notifyAuthority\": false, \"reasons\": \"Only test accounts were exposed.\"}");
        var changed = await app.UpdateBreachAsync(id, "{\"riskLevel\": \"high\", \"note\": \"Real customer accounts were in the export too.\"}");
        Assert.Equal(200, changed.Status);
        Assert.Equal("open", changed.Json.GetProperty("status").GetString());
        Assert.False(changed.Json.TryGetProperty("decision", out _));
        var history = History(await app.GetBreachAsync(id));
        Assert.Equal("Only test accounts were exposed.", history[1].GetProperty("decision").GetProperty("reasons").GetString());
        Assert.True(history[2].GetProperty("decisionWithdrawn").GetBoolean());
    }

    [Fact]
    public async Task The_logs_carry_ids_never_the_facts_or_the_dpo_contact()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var id = await app.OpenBreachAsync(app.Time.GetUtcNow());
        await app.UpdateBreachAsync(id, "{\"note\": \"Called Claire Dubois.\"}");
        Assert.Contains(app.Logs.Lines, l => l.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(BreachCalls.DpoEmail, StringComparison.Ordinal)
            || l.Contains("Claire", StringComparison.Ordinal) || l.Contains(BreachCalls.Nature, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_local_host_serves_the_breach_routes_to_admins_only()
    {
        await using var server = await LocalHostServer.StartAsync();
        var body = BreachCalls.Breach(DateTimeOffset.UtcNow.AddHours(-1)).ToJsonString();
        using var anonymous = await server.Client.PostAsync("/api/breaches", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var open = await server.Client.SendAsync(server.Admin(HttpMethod.Post, "/api/breaches", new StringContent(body, Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var id = JsonDocument.Parse(await open.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using var patch = await server.Client.SendAsync(server.Admin(HttpMethod.Patch, $"/api/breaches/{id}", new StringContent("{\"approximatePeople\": 5}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using var notify = await server.Client.SendAsync(server.Admin(HttpMethod.Post, $"/api/breaches/{id}/notify",
            new StringContent($"{{\"notifiedAt\": \"{BreachCalls.Iso(DateTimeOffset.UtcNow)}\", \"reference\": \"CNIL-42\"}}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.OK, notify.StatusCode);
        using var list = await server.Client.SendAsync(server.Admin(HttpMethod.Get, "/api/breaches?history=true"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id!, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await server.Client.SendAsync(server.Admin(HttpMethod.Get, "/api/breaches/" + new string('0', 32)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
