using ConsentFunctions.Core.Events;
using ConsentFunctions.Events;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Tests.Events;

public class EventReplayTests
{
    private static async Task<HttpAnswer> ReplayAsync(FunctionTestApp app, string query)
    {
        var request = app.Request("GET", (byte[]?)null, null);
        request.Path = "/api/events";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<EventReplayFunction>().Run(request));
    }

    [Fact]
    public async Task Replay_pages_through_the_log_in_order_with_a_signed_cursor()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var answer = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
            var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
            ids.AddRange([receiptId + "-00", receiptId + "-01"]);
            await app.RelayAsync();
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }
        app.Time.Advance(TimeSpan.FromSeconds(10)); // past Events:ReplayLag

        var first = await ReplayAsync(app, "?limit=4");
        Assert.Equal(200, first.Status);
        var page1 = first.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        var next = first.Json.GetProperty("next").GetString()!;
        var second = await ReplayAsync(app, "?limit=4&after=" + Uri.EscapeDataString(next));
        var page2 = second.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();

        Assert.Equal(ids, page1.Concat(page2));
        Assert.Equal(4, page1.Count);
        // Nothing new: the same cursor comes back, and so does an empty page.
        var third = await ReplayAsync(app, "?after=" + Uri.EscapeDataString(second.Json.GetProperty("next").GetString()!));
        Assert.Empty(third.Json.GetProperty("events").EnumerateArray());
        Assert.Equal(second.Json.GetProperty("next").GetString(), third.Json.GetProperty("next").GetString());
    }

    [Fact]
    public async Task A_forged_altered_or_stale_cursor_and_a_bad_limit_are_400()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        await app.RelayAsync();
        app.Time.Advance(TimeSpan.FromSeconds(10));
        var next = (await ReplayAsync(app, "")).Json.GetProperty("next").GetString()!;
        var dot = next.IndexOf('.', StringComparison.Ordinal);

        var forged = Convert.ToBase64String("20261130/9999999999999999999|x"u8).TrimEnd('=') + "." + next[(dot + 1)..];
        var altered = next[..dot] + "." + new string('A', next.Length - dot - 1);
        foreach (var cursor in new[] { forged, altered, "garbage", ".", next + "x", new string('a', 2000) })
        {
            (await ReplayAsync(app, "?after=" + Uri.EscapeDataString(cursor))).AssertProblem(400);
        }
        foreach (var query in new[] { "?limit=0", "?limit=1001", "?limit=ten", "?limit=-1", "?limit=5&limit=6", "?after=a&after=b" })
        {
            (await ReplayAsync(app, query)).AssertProblem(400);
        }

        // Past Events:RetentionDays the cursor is stale: 400, and the route says to start again.
        app.Time.Advance(TimeSpan.FromDays(31));
        var stale = await ReplayAsync(app, "?after=" + Uri.EscapeDataString(next));
        stale.AssertProblem(400);
        Assert.Contains("replay from the start", stale.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await ReplayAsync(app, "")).Status);
    }

    [Fact]
    public async Task The_log_drops_days_past_retention()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        await app.RelayAsync();
        var log = app.Services.GetRequiredService<EventLog>();
        Assert.Equal(0, await log.SweepAsync(CancellationToken.None));
        app.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await log.SweepAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("http://hooks.example.fr/consent", "Url")]
    [InlineData("ftp://127.0.0.1/consent", "Url")]
    [InlineData("not a url", "Url")]
    [InlineData("https://hooks.example.fr/consent", "Secret", "short")]
    [InlineData("https://hooks.example.fr/consent", "Secret", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/hook)")]
    [InlineData("https://hooks.example.fr/consent", "Types", "0123456789abcdef", "fr.consent.unknown")]
    public async Task A_destination_the_app_cannot_deliver_to_safely_is_refused_at_start(string url, string field, string secret = "0123456789abcdef", string? types = null)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Events:Destinations:0:Name"] = "crm",
            ["Events:Destinations:0:Url"] = url,
            ["Events:Destinations:0:Secret"] = secret,
            ["Events:Destinations:0:Types"] = types,
        }));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.example.fr", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.fr/consent")]
    [InlineData("http://127.0.0.1:8080/consent")]
    [InlineData("http://localhost:8080/consent")]
    public async Task Https_and_local_http_destinations_are_accepted(string url)
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Events:Destinations:0:Name"] = "crm",
            ["Events:Destinations:0:Url"] = url,
            ["Events:Destinations:0:Secret"] = "0123456789abcdef",
        });
        Assert.Single(app.Services.GetRequiredService<IOptions<EventOptions>>().Value.Destinations);
    }
}
