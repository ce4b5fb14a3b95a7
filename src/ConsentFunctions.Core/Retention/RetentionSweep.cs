using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// The retention sweep (RULES.md section 5), shared by the timer and POST /api/retention/run. This
/// class is the orchestration only: it reads the index entries due by today, bucket by bucket in
/// parallel, within a time budget; claims each entry with a lease before any change, so overlapping
/// runs never both act on it; hands it to the <see cref="IDueEntryHandler"/> of its kind, which
/// re-checks the current rows and deletes what is past its limit; then reschedules the entry or
/// removes it, and logs the run (<see cref="RetentionRunLog"/>). A run that stops (time budget,
/// crash) leaves the rest in the index for the next one. A dry run takes the same decisions and
/// counts what would go, but writes nothing but its own row in the run log: it takes no lease (so
/// it also looks at entries another run holds), and counts no writes.
/// </summary>
public sealed partial class RetentionSweep(
    ConsentTables tables,
    RetentionIndex index,
    RetentionRunLog runLog,
    IEnumerable<IDueEntryHandler> dueEntryHandlers,
    TimeProvider time,
    ILogger<RetentionSweep> logger)
{
    /// <summary>Far longer than one entry's work; short, so the entries held by a run that crashed are free again within minutes.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Buckets read at once: they are independent partitions, so this only bounds the sweep's load on storage.</summary>
    private const int ParallelBuckets = 4;

    // Two handlers of one kind would be a wiring mistake: ToDictionary throws as the sweep is built, before any entry is touched.
    private readonly Dictionary<string, IDueEntryHandler> handlers = dueEntryHandlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>What every bucket of one run shares: all read-only but the counters, which are atomic.</summary>
    private sealed record SweepRun(DateTimeOffset Started, long Clock, TimeSpan Budget, bool DryRun, SweepCounters Counters);

    public async Task<RetentionSummary> RunAsync(bool dryRun, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var run = new SweepRun(started, time.GetTimestamp(), budget, dryRun, new SweepCounters());
        var runId = Guid.CreateVersion7(started).ToString("N");
        var indexTable = await tables.GetAsync(TableNames.RetentionIndex);

        // Each bucket reports whether it finished in its own slot; the run is complete when all did.
        var finished = new bool[RetentionIndex.Buckets];
        await Parallel.ForEachAsync(Enumerable.Range(0, RetentionIndex.Buckets), new ParallelOptions { MaxDegreeOfParallelism = ParallelBuckets, CancellationToken = cancellationToken },
            async (bucket, ct) => finished[bucket] = await SweepBucketAsync(indexTable, bucket, run, ct));
        var complete = finished.All(f => f);

        var summary = run.Counters.ToSummary(runId, dryRun, started, time.GetUtcNow(), (long)time.GetElapsedTime(run.Clock).TotalMilliseconds, complete);
        await runLog.AddAsync(summary, cancellationToken);
        LogSwept(logger, runId, dryRun, summary.SubjectsDeleted, summary.Rescheduled, complete);
        return summary;
    }

    /// <summary>
    /// One bucket's entries due by the run's start, oldest day first. Returns false when the time
    /// budget ran out before its last entry: the rest stays in the index for the next run.
    /// </summary>
    private async Task<bool> SweepBucketAsync(TableClient indexTable, int bucket, SweepRun run, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {RetentionIndex.PartitionOf(bucket, DateTimeOffset.MinValue)} and PartitionKey le {RetentionIndex.PartitionOf(bucket, run.Started)}");
        await foreach (var page in indexTable.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: ct).AsPages())
        {
            run.Counters.Read(page.Values.Count);
            foreach (var entry in page.Values)
            {
                if (time.GetElapsedTime(run.Clock) > run.Budget)
                {
                    return false;
                }
                run.Counters.Candidate();
                await SweepEntryAsync(indexTable, entry, run, ct);
            }
        }
        return true;
    }

    /// <summary>One due entry: claimed (unless dry), handled by its kind, then rescheduled or removed.</summary>
    private async Task SweepEntryAsync(TableClient indexTable, TableEntity entry, SweepRun run, CancellationToken ct)
    {
        var etag = entry.ETag;
        if (!run.DryRun)
        {
            if (await ClaimAsync(indexTable, entry, run, ct) is not { } claimed)
            {
                return;
            }
            etag = claimed;
        }

        var kind = entry.GetString("Kind") ?? string.Empty;
        var subjectKey = entry.GetString("SubjectKey");
        DateTimeOffset? next;
        if (handlers.TryGetValue(kind, out var handler))
        {
            next = await handler.HandleAsync(subjectKey, run.Started, run.DryRun, run.Counters, ct);
        }
        else
        {
            // A kind this version does not know was written by a newer one (old and new instances run
            // side by side during a deployment). Removing its entry would keep its data for ever, so
            // it waits a day for a version that knows it; the warning says why it keeps coming back.
            LogUnknownKind(logger, kind);
            next = run.Started.AddDays(1);
        }

        if (next is not null)
        {
            run.Counters.Rescheduled();
        }
        if (run.DryRun)
        {
            return;
        }
        if (next is not null)
        {
            await index.ScheduleAsync([new DueEntry(kind, subjectKey)], next.Value, ct);
            run.Counters.Wrote(1);
            if (RetentionIndex.PartitionOf(RetentionIndex.BucketOf(subjectKey), next.Value) == entry.PartitionKey)
            {
                return; // rescheduled onto itself: the upsert cleared the lease
            }
        }
        await PartitionRows.DeleteIgnoringMissingAsync(indexTable, entry.PartitionKey, entry.RowKey, etag, ct);
        run.Counters.Wrote(1);
    }

    /// <summary>
    /// Takes the lease on an entry with a write conditional on its ETag, so of two runs that read
    /// it only one goes on. Returns the ETag after the claim, or null when another run holds or has
    /// finished the entry.
    /// </summary>
    private async Task<ETag?> ClaimAsync(TableClient indexTable, TableEntity entry, SweepRun run, CancellationToken ct)
    {
        if (entry.GetDateTimeOffset("LeaseUntil") is { } lease && lease > run.Started)
        {
            run.Counters.SkippedInUse();
            return null;
        }
        entry["LeaseUntil"] = time.GetUtcNow() + Lease; // from now, not from the run's start
        try
        {
            var etag = (await indexTable.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Merge, ct)).Headers.ETag ?? ETag.All;
            run.Counters.Wrote(1);
            return etag;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            run.Counters.SkippedInUse(); // another run claimed or finished it
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run {RunId} (dry run {DryRun}): {Deleted} people deleted, {Rescheduled} rescheduled, finished {Finished}")]
    private static partial void LogSwept(ILogger logger, string runId, bool dryRun, int deleted, int rescheduled, bool finished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention entry of unknown kind {Kind} kept for a later run: no handler in this version")]
    private static partial void LogUnknownKind(ILogger logger, string kind);
}
