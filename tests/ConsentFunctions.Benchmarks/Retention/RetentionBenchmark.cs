using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Benchmarks.Retention;

/// <summary>
/// Issue 5: the sweep over a population of which 1% is due, then over twice the population with
/// the same number due. What it reads and writes must follow the due count, not the population.
/// </summary>
public static class RetentionBenchmark
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static async Task<string> RunAsync(LocalHostApp host, int population)
    {
        var services = host.App.Services;
        var hasher = services.GetRequiredService<SubjectKeyHasher>();
        var tables = services.GetRequiredService<ConsentTables>();
        var sweep = services.GetRequiredService<RetentionSweep>();
        var roundTrips = services.GetRequiredService<StorageRoundTrips>();
        var due = population / 100;

        var report = new StringBuilder();
        report.AppendLine("| population | due | seeded in | sweep ms | deleted | entities read | entities written | storage round trips | read per due person | written per due person | Azurite: one partition query (median of 100) |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var held = 0;
        foreach (var round in new[] { 0, 1 })
        {
            var seeding = Stopwatch.StartNew();
            // Round 0 seeds N people; round 1 adds N more: 2N held, the same number due.
            await SeedAsync(tables, hasher, from: round * population, count: population, due);
            seeding.Stop();
            held += population - (round == 0 ? 0 : due);
            var before = roundTrips.Count;
            var summary = await sweep.RunAsync(dryRun: false, TimeSpan.FromMinutes(30), CancellationToken.None);
            var trips = roundTrips.Count - before;
            var partitionQuery = await PartitionQueryMedianAsync(tables, hasher, round * population);
            if (summary.SubjectsDeleted != due)
            {
                throw new InvalidOperationException($"Expected {due} deleted, got {summary.SubjectsDeleted}.");
            }
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {held + (round == 0 ? 0 : due):N0} | {due} | {seeding.Elapsed.TotalSeconds:F0} s | {summary.DurationMs} | {summary.SubjectsDeleted} | {summary.EntitiesRead} | {summary.EntitiesWritten} | {trips} | {summary.EntitiesRead / (double)due:F2} | {summary.EntitiesWritten / (double)due:F2} | {partitionQuery:F2} ms |");
        }
        report.AppendLine();
        report.AppendLine("Each person holds a profile and one consent row (a due person's rows are read and deleted, and its receipt-less proof is not archived); "
            + "read = index entries + the person's rows; written = the claim of the index entry, the deletes, and the removal of the entry.");
        return report.ToString();
    }

    // Azurite's own cost of one partition query at this table size (the sweep makes one per due
    // person): if it grows with the table, so does the sweep's duration, at the same entity counts.
    private static async Task<double> PartitionQueryMedianAsync(ConsentTables tables, SubjectKeyHasher hasher, int from)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var times = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var clock = Stopwatch.StartNew();
            await PartitionRows.ReadAsync(subjects, hasher.ForEmail($"prospect{from + i}@example.fr"), CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(50);
    }

    private static async Task SeedAsync(ConsentTables tables, SubjectKeyHasher hasher, int from, int count, int due)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var index = await tables.GetAsync(TableNames.RetentionIndex);
        var random = new Random(from + 7);
        var dueSet = Enumerable.Range(from, count).OrderBy(_ => random.Next()).Take(due).ToHashSet();
        await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var key = hasher.ForEmail($"prospect{i}@example.fr");
            var collected = dueSet.Contains(i) ? Now.AddYears(-3).AddDays(-2) : Now.AddDays(-(i % 700));
            await subjects.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(key, "consent|email|marketing|01KB0000000000000000000000|00")
                {
                    ["ReceiptId"] = "01KB0000000000000000000000" + key, ["RecordedAt"] = collected, ["Purpose"] = "marketing", ["Channel"] = "email",
                    ["Status"] = "given", ["Audience"] = "consumer", ["SourceKind"] = "form",
                }),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(key, "profile") { ["Email"] = $"prospect{i}@example.fr" }),
            ], ct);
            var dueAt = collected.AddYears(3);
            await index.UpsertEntityAsync(new TableEntity(RetentionIndex.PartitionOf(RetentionIndex.BucketOf(key), dueAt), RetentionIndex.RowOf(new DueEntry(DueKinds.Subject, key)))
            {
                ["Kind"] = DueKinds.Subject, ["SubjectKey"] = key, ["DueAt"] = dueAt,
            }, TableUpdateMode.Replace, ct);
        });
    }
}
