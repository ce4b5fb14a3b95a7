using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Benchmarks.Proofs;

/// <summary>
/// Issue 15: the daily root job over a day of N acts, then over a day of 2N acts with the first
/// day still in the log. Its time and storage reads must follow the acts of the day rooted only.
/// Each receipt holds two acts (two boxes), as a typical newsletter form does; no timestamp
/// authority (one request per day, whatever the acts).
/// </summary>
public static class ProofRootBenchmark
{
    private static readonly DateOnly FirstDay = new(2026, 11, 10);

    public static async Task<string> RunAsync(LocalHostApp host, int acts)
    {
        var services = host.App.Services;
        var tables = services.GetRequiredService<ConsentTables>();
        var hasher = services.GetRequiredService<SubjectKeyHasher>();
        var roundTrips = services.GetRequiredService<StorageRoundTrips>();
        var report = new StringBuilder();
        report.AppendLine("| day | acts that day | acts in the log | seeded in | root job | storage round trips | events read | receipts read | round trips per act | ms per act |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var inLog = 0;
        foreach (var (day, count) in new[] { (FirstDay, acts), (FirstDay.AddDays(1), acts * 2) })
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(tables, hasher, day, count);
            seeding.Stop();
            inLog += count;
            var clock = new FixedTime(new DateTimeOffset(day.AddDays(1), new TimeOnly(0, 15), TimeSpan.Zero));
            var job = ActivatorUtilities.CreateInstance<DailyRootSealer>(services, clock);
            var before = roundTrips.Count;
            var elapsed = Stopwatch.StartNew();
            var run = await job.RunAsync(CancellationToken.None);
            elapsed.Stop();
            var trips = roundTrips.Count - before;
            if (run.DaysRooted.Count != 1 || run.DaysRooted[0] != DayRoot.DayName(day))
            {
                throw new InvalidOperationException("Expected one day rooted, got " + string.Join(",", run.DaysRooted));
            }
            var root = DayRoot.Parse((await (await services.GetRequiredService<ProofRootContainer>().ContainerAsync()).GetBlobClient(DayRoot.RootBlobName(day)).DownloadContentAsync()).Value.Content.ToMemory().Span);
            if (root.LeafCount != count)
            {
                throw new InvalidOperationException($"Expected {count} leaves, got {root.LeafCount}.");
            }
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {DayRoot.DayName(day)} | {count:N0} | {inLog:N0} | {seeding.Elapsed.TotalSeconds:F0} s | {elapsed.Elapsed.TotalSeconds:F1} s | {trips:N0} | {count:N0} | {count / 2:N0} | {trips / (double)count:F3} | {elapsed.Elapsed.TotalMilliseconds / count:F3} |");
        }
        report.AppendLine();
        report.AppendLine("Round trips: the day's event partition in pages of 1,000, one point read per receipt (16 in parallel), "
            + "two container listings, one query for the first logged day and the root blob's upload. The first day's acts, still in the log, cost the second run nothing.");
        return report.ToString();
    }

    private static async Task SeedAsync(ConsentTables tables, SubjectKeyHasher hasher, DateOnly day, int acts)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var log = await tables.GetAsync(TableNames.ConsentEvents);
        var partition = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var start = new DateTimeOffset(day, new TimeOnly(8, 0), TimeSpan.Zero);
        var receipts = acts / 2;
        var events = new TableEntity[receipts * 2];
        await Parallel.ForEachAsync(Enumerable.Range(0, receipts), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var at = start.AddMilliseconds(i * 1000L);
            var key = hasher.ForEmail(FormattableString.Invariant($"p{partition}-{i}@example.fr"));
            var receiptId = ReceiptIds.New(at, key);
            var row = new TableEntity(key, SubjectPartition.ReceiptRowKey(receiptId[..ReceiptIds.UlidLength])) { ["ReceiptId"] = receiptId, ["RecordedAt"] = at };
            // About the size of a two-box receipt document.
            TextChunks.Write(row, "Proof", "{\"receiptId\":\"" + receiptId + "\",\"consents\":[" + new string('x', 1400) + "]}");
            await subjects.AddEntityAsync(row, ct);
            for (var box = 0; box < 2; box++)
            {
                var e = new ConsentEvent(EventIds.ForBox(receiptId, box), box == 0 ? ConsentEventTypes.Given : ConsentEventTypes.Refused, at, key,
                    new ConsentEventData("email", box == 0 ? "marketing" : "partner-sharing", receiptId, "newsletter-footer"));
                events[i * 2 + box] = new TableEntity(partition, at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + e.Id) { ["EventId"] = e.Id, ["Type"] = e.Type, ["Event"] = e.ToJson() };
            }
        });
        await Parallel.ForEachAsync(events.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (chunk, ct) => await log.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
