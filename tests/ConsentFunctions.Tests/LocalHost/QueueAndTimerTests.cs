using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.LocalHost.Functions;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.LocalHost.Timers;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.LocalHost;

/// <summary>The local host's queue and timer dispatch, as the Functions host behaves.</summary>
public class QueueAndTimerTests
{
    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("Timed out waiting for " + what);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(LocalHostServer server, string path, JsonObject body, bool admin)
    {
        var request = admin ? server.Admin(HttpMethod.Post, path) : new HttpRequestMessage(HttpMethod.Post, path);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_one_click_unsubscribe_over_http_is_applied_from_the_queue_within_seconds()
    {
        await using var server = await LocalHostServer.StartAsync();
        var email = Forms.UniqueEmail();
        (await PostJsonAsync(server, "/api/consents", Forms.Valid(email), admin: false)).EnsureSuccessStatusCode();
        using var linkAnswer = await PostJsonAsync(server, "/api/unsubscribe-links",
            new JsonObject { ["subject"] = new JsonObject { ["email"] = email }, ["channel"] = "email", ["purpose"] = "marketing" }, admin: true);
        var url = new Uri(JsonDocument.Parse(await linkAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!);

        using var page = await server.Client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var click = await server.Client.PostAsync(url.PathAndQuery,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.Accepted, click.StatusCode);

        var decision = new JsonObject
        {
            ["channel"] = "email", ["purpose"] = "marketing", ["at"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"),
            ["subjects"] = new JsonArray(new JsonObject { ["email"] = email }),
        };
        var reason = await PollAsync(async () =>
        {
            using var answer = await PostJsonAsync(server, "/api/decisions", decision, admin: true);
            var d = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("decisions")[0];
            return d.TryGetProperty("reason", out var r) && r.GetString() == "withdrawn" ? "withdrawn" : null;
        }, TimeSpan.FromSeconds(30), "the withdrawal");
        Assert.Equal("withdrawn", reason);
    }

    [Fact]
    public async Task A_message_that_cannot_be_parsed_ends_in_the_poison_queue_and_stays_there()
    {
        await using var server = await LocalHostServer.StartAsync();
        var queues = server.Host.App.Services.GetRequiredService<ConsentQueues>();
        var queue = await queues.GetAsync(QueueNames.UnsubscribeRequests);
        await queue.SendMessageAsync("this is not an unsubscribe request");

        var poison = await queues.GetAsync(QueueNames.Poison(QueueNames.UnsubscribeRequests));
        var message = await PollAsync(async () =>
        {
            var peeked = (await poison.PeekMessagesAsync(1)).Value;
            return peeked.Length == 1 ? peeked[0] : null;
        }, TimeSpan.FromSeconds(60), "the poison queue");

        Assert.Equal("this is not an unsubscribe request", message.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(1)).Value);
        var hostJson = HostJson.ReadQueueSettings(Path.Combine(AppContext.BaseDirectory, "host.json"));
        var failures = server.Logs.Lines.Count(l => l.Contains("failed on message", StringComparison.Ordinal));
        Assert.True(failures >= hostJson.MaxDequeueCount, $"expected {hostJson.MaxDequeueCount} tries, saw {failures}");
    }

    [Fact]
    public void Host_json_sets_base64_and_a_short_polling_interval()
    {
        var settings = HostJson.ReadQueueSettings(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal("base64", settings.MessageEncoding);
        Assert.True(settings.MaxPollingInterval <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timer_schedules_resolve_settings_and_parse_six_field_ncrontab()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:Schedule"] = "0 0 3 * * *" }).Build();
        Assert.Equal("0 0 3 * * *", FunctionCatalog.ResolveSchedule("%Retention:Schedule%", configuration));
        Assert.Equal("0 */10 * * * *", FunctionCatalog.ResolveSchedule("0 */10 * * * *", configuration));
        Assert.Throws<InvalidOperationException>(() => { FunctionCatalog.ResolveSchedule("%Missing:Schedule%", configuration); });
        var next = TimerDispatcher.Parse("0 0 3 * * *").GetNextOccurrence(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), next);
    }
}
