using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFunctions.Benchmarks.Unsubscribe;
using ConsentFunctions.LocalHost;

namespace ConsentFunctions.Benchmarks.Events;

/// <summary>
/// Issue 14: from a one-click unsubscribe to the signed fr.consent.withdrawn at a webhook
/// destination, through every hop a real click takes on the local host: queue
/// unsubscribe-requests, the withdrawal and its outbox row in one transaction, queue
/// consent-events, the event log, queue consent-deliveries, the signed post. p50 and p95 over N
/// clicks, one at a time so each measures the path and not a queue's backlog.
/// </summary>
public static class EventDeliveryBenchmark
{
    public static async Task<string> RunAsync(LocalHostApp host, EventSink sink, int clicks)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", "benchmark-admin-key");

        var urls = new List<string>();
        for (var i = 0; i < clicks + 10; i++)
        {
            using var content = new StringContent(new JsonObject
            {
                ["subject"] = new JsonObject { ["email"] = $"listener{i}@example.fr" }, ["channel"] = "email", ["purpose"] = "marketing",
            }.ToJsonString(), Encoding.UTF8, "application/json");
            using var answer = await client.PostAsync("/api/unsubscribe-links", content);
            answer.EnsureSuccessStatusCode();
            urls.Add(new Uri(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!).PathAndQuery);
        }

        var latencies = new List<double>();
        for (var i = 0; i < urls.Count; i++)
        {
            var (subjectKey, _) = UnsubscribeBenchmark.Parse(urls[i]);
            var arrival = sink.ArrivalOf("fr.consent.withdrawn", subjectKey);
            var start = Stopwatch.GetTimestamp();
            await UnsubscribeBenchmark.ClickAsync(client, urls[i]);
            var end = await arrival.WaitAsync(TimeSpan.FromSeconds(60));
            if (i >= 10)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds); // the first ten warm up the path
            }
        }

        latencies.Sort();
        var report = new StringBuilder();
        report.AppendLine("| measurement | count | p50 | p95 | max |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| one-click POST → signed fr.consent.withdrawn received by a webhook destination (3 queues, local host dispatcher) | {latencies.Count} | {P(latencies, 0.5):F0} ms | {P(latencies, 0.95):F0} ms | {latencies[^1]:F0} ms |");
        report.AppendLine();
        report.AppendLine("Target (issue 14): p95 under 2 s on the local host.");
        return report.ToString();
    }

    private static double P(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
