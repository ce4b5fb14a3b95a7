using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Benchmarks.Unsubscribe;

/// <summary>
/// Issue 4: from the one-click POST to the withdrawal stored (the queue, the local host's
/// dispatcher, the queue function), p50 and p95 over N links; and the one-click endpoint's rate.
/// </summary>
public static class UnsubscribeBenchmark
{
    public static async Task<string> RunAsync(LocalHostApp host, int links)
    {
        var services = host.App.Services;
        var table = await services.GetRequiredService<ConsentTables>().GetAsync(TableNames.Subjects);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", "benchmark-admin-key");

        var urls = new List<string>();
        for (var i = 0; i < links; i++)
        {
            using var content = new StringContent(new JsonObject
            {
                ["subject"] = new JsonObject { ["email"] = $"reader{i}@example.fr" }, ["channel"] = "email", ["purpose"] = "marketing",
            }.ToJsonString(), Encoding.UTF8, "application/json");
            using var answer = await client.PostAsync("/api/unsubscribe-links", content);
            answer.EnsureSuccessStatusCode();
            urls.Add(new Uri(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!).PathAndQuery);
        }

        // Latency to stored: one click at a time, each followed until its suppression row exists.
        var latencies = new List<double>();
        foreach (var url in urls)
        {
            var (subjectKey, tokenId) = Parse(url);
            var clock = Stopwatch.StartNew();
            await ClickAsync(client, url);
            while (!(await table.GetEntityIfExistsAsync<TableEntity>(subjectKey, SubjectPartition.SuppressionRowKey("email", "marketing", tokenId), ["RowKey"])).HasValue)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("A withdrawal was not stored within 60 s.");
                }
                await Task.Delay(10);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        // The endpoint's own rate: clicks (each link again, then again) at concurrency 32.
        var clicks = urls.Concat(urls).Concat(urls).Concat(urls).Concat(urls).ToList();
        var rate = await Measurement.RunAsync("POST /api/unsubscribe (one-click)", 32, clicks.Count, i => ClickAsync(client, clicks[i]), () => 0);

        latencies.Sort();
        var report = new StringBuilder();
        report.AppendLine("| measurement | count | p50 | p95 | max |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| one-click POST → withdrawal stored (queue + local host dispatcher) | {links} | {P(latencies, 0.5):F0} ms | {P(latencies, 0.95):F0} ms | {latencies[^1]:F0} ms |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"One-click endpoint (202 once queued), concurrency 32: {rate.RequestsPerSecond:F0} requests/s, p50 {rate.P50:F1} ms, p99 {rate.P99:F1} ms over {rate.Count} clicks.");
        return report.ToString();
    }

    private static double P(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static async Task ClickAsync(HttpClient client, string url)
    {
        using var body = new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);
        using var answer = await client.PostAsync(url, body);
        if ((int)answer.StatusCode != 202)
        {
            throw new InvalidOperationException($"One-click answered {(int)answer.StatusCode}");
        }
    }

    // The benchmark reads the token's payload to know which row to wait for.
    internal static (string SubjectKey, string TokenId) Parse(string url)
    {
        var token = Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var fields = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal)))).Split('|');
        return (fields[3], fields[4]); // version|key|purpose|subject|token id|language|expiry|...
    }
}
