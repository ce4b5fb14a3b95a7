using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Benchmarks.Decisions;

/// <summary>
/// Issue 3: one 1,000-subject decision call against Azurite holding N people, against 1,000
/// parallel point reads done directly with a TableClient (the floor).
/// </summary>
public static class DecisionBenchmark
{
    public static async Task<string> RunAsync(LocalHostApp host, int population, int rounds)
    {
        var services = host.App.Services;
        var hasher = services.GetRequiredService<SubjectKeyHasher>();
        var table = await services.GetRequiredService<ConsentTables>().GetAsync(TableNames.Subjects);
        var roundTrips = services.GetRequiredService<StorageRoundTrips>();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(table, hasher, population);
        seeding.Stop();

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("x-functions-key", "benchmark-admin-key");
        var random = new Random(42);
        var api = new List<double>();
        var direct = new List<double>();
        var apiTrips = 0L;
        for (var round = 0; round < rounds + 1; round++)
        {
            var people = Enumerable.Range(0, 1000).Select(_ => random.Next(population)).ToArray();
            // Alternate which goes first so neither always meets a warmer cache.
            var (a, trips) = await ApiCallAsync(client, people, roundTrips);
            var d = await DirectReadsAsync(table, hasher, people.Select(p => p + 1).ToArray());
            if (round == 0)
            {
                continue; // warm-up
            }
            api.Add(a);
            direct.Add(d);
            apiTrips += trips;
        }
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Population {population:N0} people (one consent row each), seeded in {seeding.Elapsed.TotalSeconds:F0} s; {rounds} rounds of 1,000 random subjects.");
        report.AppendLine();
        report.AppendLine("| measurement | median ms | min ms | max ms | storage round trips / subject |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| POST /api/decisions, 1,000 subjects (local host) | {Median(api):F0} | {api.Min():F0} | {api.Max():F0} | {apiTrips / (rounds * 1000.0):F2} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| 1,000 parallel point reads, TableClient direct | {Median(direct):F0} | {direct.Min():F0} | {direct.Max():F0} | 1.00 |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"API / floor (medians): {Median(api) / Median(direct):F2} (target ≤ 1.5)");
        return report.ToString();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<(double Ms, long Trips)> ApiCallAsync(HttpClient client, int[] people, StorageRoundTrips roundTrips)
    {
        var body = new JsonObject
        {
            ["channel"] = "email", ["purpose"] = "marketing", ["at"] = "2026-12-01T09:00:00Z",
            ["subjects"] = new JsonArray(people.Select(p => (JsonNode)new JsonObject { ["email"] = Email(p) }).ToArray()),
        }.ToJsonString();
        var before = roundTrips.Count;
        var clock = Stopwatch.StartNew();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/decisions", content);
        var text = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode || !text.Contains("\"allowed\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Decisions answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        }
        return (clock.Elapsed.TotalMilliseconds, roundTrips.Count - before);
    }

    private static async Task<double> DirectReadsAsync(TableClient table, SubjectKeyHasher hasher, int[] people)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (p, ct) =>
        {
            var key = hasher.ForEmail(Email(p));
            await table.GetEntityIfExistsAsync<TableEntity>(key, RowKey, cancellationToken: ct);
        });
        return clock.Elapsed.TotalMilliseconds;
    }

    private const string RowKey = "consent|email|marketing|01KB0000000000000000000000|00";

    private static string Email(int i) => $"person{i}@example.fr";

    private static async Task SeedAsync(TableClient table, SubjectKeyHasher hasher, int population)
    {
        var recordedAt = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, population), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var entity = new TableEntity(hasher.ForEmail(Email(i)), RowKey)
            {
                ["ReceiptId"] = "01KB0000000000000000000000" + hasher.ForEmail(Email(i)),
                ["RecordedAt"] = recordedAt,
                ["Purpose"] = "marketing",
                ["Channel"] = "email",
                ["Status"] = i % 3 == 0 ? ConsentValidityResult.Refused : ConsentValidityResult.Given,
                ["Checked"] = i % 3 != 0,
                ["CheckedByDefault"] = false,
                ["WordingSha256"] = new string('a', 64),
                ["Audience"] = "consumer",
                ["SourceKind"] = "form",
            };
            await table.AddEntityAsync(entity, ct);
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                Console.WriteLine($"seeded {done} in {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
    }
}
