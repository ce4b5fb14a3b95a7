using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>
/// Queue breach-alerts has one name for the whole test run (queues take no table prefix), so the
/// tests that run the watch and read that queue are one collection: they run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BreachAlertsQueueCollection
{
    public const string Name = "breach-alerts queue";
}

/// <summary>The 72-hour watch, driven by a controlled clock, against Azurite.</summary>
[Collection(BreachAlertsQueueCollection.Name)]
public class BreachWatchTests
{
    /// <summary>Sets the clock, runs the watch once and answers the thresholds it sent for this breach.</summary>
    private static async Task<List<int>> RunAtAsync(FunctionTestApp app, string id, DateTimeOffset at)
    {
        app.Time.SetUtcNow(at);
        await app.RunWatchAsync();
        return (await app.DrainAlertsAsync(id)).Select(a => a.Threshold).ToList();
    }

    private static Task<IReadOnlyList<string>> WatchedAsync(FunctionTestApp app)
        => app.Services.GetRequiredService<BreachStore>().WatchedIdsAsync(CancellationToken.None);

    [Fact]
    public async Task Thresholds_fire_once_each_and_in_order()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);
        await app.DrainAlertsAsync(id);

        var fired = new List<(double Hour, BreachAlert Alert)>();
        for (var minutes = 0; minutes <= 80 * 60; minutes += 30)
        {
            app.Time.SetUtcNow(awareAt.AddMinutes(minutes));
            await app.RunWatchAsync();
            fired.AddRange((await app.DrainAlertsAsync(id)).Select(a => (minutes / 60.0, a)));
        }

        Assert.Equal([24.0, 48, 60, 68, 72], fired.Select(f => f.Hour));
        Assert.Equal([24, 48, 60, 68, 72], fired.Select(f => f.Alert.Threshold));
        Assert.Equal([48.0, 24, 12, 4, 0], fired.Select(f => f.Alert.HoursLeft));
        Assert.All(fired, f => Assert.Equal(awareAt.AddHours(72), f.Alert.Deadline));

        // Done with it: out of the watch index, and every alert is in the history.
        Assert.DoesNotContain(id, await WatchedAsync(app));
        var breach = (await app.GetBreachAsync(id)).Json;
        Assert.Equal("overdue", breach.GetProperty("status").GetString());
        Assert.Equal(72, breach.GetProperty("lastAlert").GetProperty("threshold").GetInt32());
        Assert.Equal([24, 48, 60, 68, 72], breach.GetProperty("history").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "alert-sent").Select(e => e.GetProperty("threshold").GetInt32()));
    }

    [Fact]
    public async Task A_breach_notified_at_hour_30_never_alerts_again()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);
        Assert.Equal([24], await RunAtAsync(app, id, awareAt.AddHours(24)));

        app.Time.SetUtcNow(awareAt.AddHours(30));
        Assert.Equal(200, (await app.NotifyBreachAsync(id, app.Time.GetUtcNow())).Status);
        Assert.DoesNotContain(id, await WatchedAsync(app));

        foreach (var hour in new[] { 48, 60, 68, 72, 100 })
        {
            Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(hour)));
        }
    }

    [Fact]
    public async Task Two_watch_runs_at_the_same_instant_send_one_alert_per_threshold()
    {
        await using var first = await FunctionTestApp.CreateAsync();
        // A second host over the same tables: its own services and clock, as a second instance in Azure.
        await using var second = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = first.Configuration["Storage:TablePrefix"],
            ["Storage:QueuePrefix"] = first.Configuration["Storage:QueuePrefix"],
        });
        var awareAt = first.Time.GetUtcNow();
        var id = await first.OpenBreachAsync(awareAt);

        var fired = new List<int>();
        foreach (var hour in new[] { 24, 48, 60, 68, 72 })
        {
            first.Time.SetUtcNow(awareAt.AddHours(hour));
            second.Time.SetUtcNow(awareAt.AddHours(hour));
            await Task.WhenAll(first.RunWatchAsync(), second.RunWatchAsync(), first.RunWatchAsync());
            fired.AddRange((await first.DrainAlertsAsync(id)).Select(a => a.Threshold));
        }
        Assert.Equal([24, 48, 60, 68, 72], fired);
        Assert.DoesNotContain(first.Logs.Lines.Concat(second.Logs.Lines), l => l.Contains("the watch failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_answering_500_is_retried_and_the_queue_alert_is_still_sent()
    {
        await using var hook = await WebhookReceiver.StartAsync(500, 500, 500, 500, 500, 500);
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = hook.Url, ["Alerts:WebhookRetries"] = "3", ["Alerts:WebhookBackoff"] = "00:00:00.010",
        });
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);

        var sent = await RunAtAsync(app, id, awareAt.AddHours(24));

        Assert.Equal([24], sent);
        Assert.Equal(4, hook.Posts.Count); // the first try and three retries
        Assert.All(hook.Posts, p => Assert.Contains($"\"breachId\":\"{id}\"", p.Body, StringComparison.Ordinal));
        Assert.All(hook.Posts, p => Assert.StartsWith("application/json", p.ContentType, StringComparison.Ordinal));
        // The threshold is done: a later run sends nothing, to the queue or the webhook.
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(25)));
        Assert.Equal(4, hook.Posts.Count);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(WebhookReceiver.Secret, StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains("webhook attempt 4 of 4 failed with status 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_that_recovers_gets_the_same_message_as_the_queue()
    {
        await using var hook = await WebhookReceiver.StartAsync(503);
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = hook.Url, ["Alerts:WebhookBackoff"] = "00:00:00.010",
        });
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);

        app.Time.SetUtcNow(awareAt.AddHours(48));
        await app.RunWatchAsync();
        var alert = Assert.Single(await app.DrainAlertsAsync(id));

        Assert.Equal(2, hook.Posts.Count);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(BreachAlertSender.Serialize(alert)), hook.Posts.Last().Body);
        Assert.Equal(48, alert.Threshold);
    }

    [Fact]
    public async Task A_webhook_that_cannot_be_reached_does_not_stop_the_queue_alert()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = $"http://127.0.0.1:{port}/hook", ["Alerts:WebhookRetries"] = "1", ["Alerts:WebhookBackoff"] = "00:00:00.010",
        });
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);

        Assert.Equal([60], await RunAtAsync(app, id, awareAt.AddHours(61)));
        Assert.Contains(app.Logs.Lines, l => l.Contains("webhook attempt 2 of 2 failed with status 0", StringComparison.Ordinal));
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(62)));
    }

    [Fact]
    public async Task A_breach_decided_no_risk_does_not_alert_and_stays_in_the_register()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt, riskLevel: "none");
        app.Time.SetUtcNow(awareAt.AddHours(2));
        var decided = await app.DecideBreachAsync(id, "{\"notifyAuthority\": false, \"reasons\": \"The stolen backup was encrypted (AES-256) and the key was not exposed.\"}");
        Assert.Equal(200, decided.Status);
        Assert.DoesNotContain(id, await WatchedAsync(app));

        foreach (var hour in new[] { 24, 48, 60, 68, 72, 200 })
        {
            Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(hour)));
        }
        var listed = Assert.Single((await app.ListBreachesAsync()).Json.GetProperty("breaches").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal("not-notified", listed.GetProperty("status").GetString());
        Assert.StartsWith("The stolen backup was encrypted", listed.GetProperty("decision").GetProperty("reasons").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_down_for_a_day_fires_only_the_latest_threshold_passed_once()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);

        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(1)));
        Assert.Equal([24], await RunAtAsync(app, id, awareAt.AddHours(45)));
        // Down from hour 45 to hour 70: 48 and 60 were missed; only 68 is sent.
        Assert.Equal([68], await RunAtAsync(app, id, awareAt.AddHours(70)));
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(70)));
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(71)));
        Assert.Equal([72], await RunAtAsync(app, id, awareAt.AddHours(72)));
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(96)));
    }

    [Fact]
    public async Task A_breach_recorded_after_its_deadline_gets_the_deadline_alert_only()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var now = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(now.AddHours(-80));
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.RunWatchAsync();
        var alert = Assert.Single(await app.DrainAlertsAsync(id));
        Assert.Equal(72, alert.Threshold);
        Assert.Equal(-8.17, alert.HoursLeft);
        Assert.DoesNotContain(id, await WatchedAsync(app));
    }

    [Fact]
    public async Task A_claim_left_unconfirmed_is_sent_by_a_later_run_after_the_lease_only()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);
        var claimedAt = awareAt.AddHours(24);
        // As if a run claimed 24 and died before its queue message was sent.
        await app.Services.GetRequiredService<BreachStore>().MutateAsync(id,
            s => new BreachMutation(s with { Alert = new AlertProgress(24, Pending: true, ClaimedAt: claimedAt) }, null), CancellationToken.None);

        Assert.Empty(await RunAtAsync(app, id, claimedAt.AddMinutes(1)));
        Assert.Equal([24], await RunAtAsync(app, id, claimedAt.AddMinutes(5)));
        Assert.Empty(await RunAtAsync(app, id, claimedAt.AddMinutes(20)));
    }

    [Fact]
    public async Task A_risk_found_after_a_decision_not_to_notify_brings_the_alerts_back()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt, riskLevel: "none");
        await app.DecideBreachAsync(id, "{\"notifyAuthority\": false, \"reasons\": \"Only test accounts.\"}");
        Assert.Empty(await RunAtAsync(app, id, awareAt.AddHours(30)));

        Assert.Equal(200, (await app.UpdateBreachAsync(id, "{\"riskLevel\": \"risk\"}")).Status);
        Assert.Equal([24], await RunAtAsync(app, id, awareAt.AddHours(30)));
        Assert.Equal([48], await RunAtAsync(app, id, awareAt.AddHours(48)));
    }
}
