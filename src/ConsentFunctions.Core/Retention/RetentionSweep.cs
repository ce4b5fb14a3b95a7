using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// The retention sweep (RULES.md section 5), shared by the timer and POST /api/retention/run. It
/// reads only the index entries due by today, re-checks each against the person's current facts,
/// and then deletes, archives or reschedules. Each entry is claimed with its ETag before any
/// change, so overlapping runs never both act on it; a run that stops (time budget, crash) leaves
/// the rest in the index for the next one. A dry run takes the same decisions and changes nothing.
/// </summary>
public sealed partial class RetentionSweep(
    ConsentTables tables,
    RetentionIndex index,
    DecisionRecords decisionRecords,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionSweep> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<RetentionSummary> RunAsync(bool dryRun, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var runId = Guid.CreateVersion7(started).ToString("N");
        var counters = new SweepCounters();
        var complete = true;
        var indexTable = await tables.GetAsync(TableNames.RetentionIndex).ConfigureAwait(false);

        await Parallel.ForEachAsync(Enumerable.Range(0, RetentionIndex.Buckets), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (bucket, ct) =>
            {
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey ge {RetentionIndex.PartitionOf(bucket, DateTimeOffset.MinValue)} and PartitionKey le {RetentionIndex.PartitionOf(bucket, started)}");
                await foreach (var page in indexTable.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: ct).AsPages().ConfigureAwait(false))
                {
                    counters.Read(page.Values.Count);
                    foreach (var entry in page.Values)
                    {
                        if (time.GetElapsedTime(clock) > budget)
                        {
                            complete = false;
                            return;
                        }
                        Interlocked.Increment(ref counters.Candidates);
                        await ProcessAsync(indexTable, entry, started, dryRun, counters, ct).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);

        var summary = counters.ToSummary(runId, dryRun, started, time.GetUtcNow(), (long)time.GetElapsedTime(clock).TotalMilliseconds, complete);
        await SaveAsync(summary, cancellationToken).ConfigureAwait(false);
        LogSwept(logger, runId, dryRun, summary.SubjectsDeleted, summary.Rescheduled, complete);
        return summary;
    }

    public async Task<IReadOnlyList<RetentionSummary>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.RetentionRuns).ConfigureAwait(false);
        var runs = new List<RetentionSummary>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}"), maxPerPage: max, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(RetentionRunRows.ToSummary(row));
            if (runs.Count >= max)
            {
                break;
            }
        }
        return runs;
    }

    private const string RunsPartition = "runs";

    private async Task SaveAsync(RetentionSummary summary, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.RetentionRuns).ConfigureAwait(false);
        await table.AddEntityAsync(RetentionRunRows.ToEntity(RunsPartition, summary), cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessAsync(TableClient indexTable, TableEntity entry, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var etag = entry.ETag;
        if (!dryRun)
        {
            if (entry.GetDateTimeOffset("LeaseUntil") is { } lease && lease > now)
            {
                Interlocked.Increment(ref counters.SkippedInUse);
                return;
            }
            entry["LeaseUntil"] = time.GetUtcNow() + Lease; // from now, not from the run's start
            try
            {
                etag = (await indexTable.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Merge, ct).ConfigureAwait(false)).Headers.ETag ?? ETag.All;
                counters.Wrote(1);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                Interlocked.Increment(ref counters.SkippedInUse); // another run claimed or finished it
                return;
            }
        }

        var subjectKey = entry.GetString("SubjectKey");
        DateTimeOffset? next = entry.GetString("Kind") switch
        {
            DueKinds.Subject => await SweepSubjectAsync(subjectKey, now, dryRun, counters, ct).ConfigureAwait(false),
            DueKinds.Suppression => await SweepSuppressionsAsync(subjectKey, now, dryRun, counters, ct).ConfigureAwait(false),
            DueKinds.Archive => await SweepArchiveAsync(subjectKey, now, dryRun, counters, ct).ConfigureAwait(false),
            DueKinds.DecisionRecords => await SweepDecisionRecordsAsync(subjectKey, dryRun, counters, ct).ConfigureAwait(false),
            DueKinds.CallRecords => await SweepCallRecordsAsync(subjectKey, now, dryRun, counters, ct).ConfigureAwait(false),
            DueKinds.Confirmation => await SweepUnconfirmedAsync(subjectKey, now, dryRun, counters, ct).ConfigureAwait(false),
            _ => null,
        };

        if (next is not null)
        {
            Interlocked.Increment(ref counters.Rescheduled);
        }
        if (dryRun)
        {
            return;
        }
        if (next is not null)
        {
            await index.ScheduleAsync([new DueEntry(entry.GetString("Kind"), subjectKey)], next.Value, ct).ConfigureAwait(false);
            counters.Wrote(1);
            if (RetentionIndex.PartitionOf(RetentionIndex.BucketOf(subjectKey), next.Value) == entry.PartitionKey)
            {
                return; // rescheduled onto itself: the upsert cleared the lease
            }
        }
        await PartitionRows.DeleteIgnoringMissingAsync(indexTable, entry.PartitionKey, entry.RowKey, etag, ct).ConfigureAwait(false);
        counters.Wrote(1);
    }

    /// <summary>A person's data: deleted when past its limit, else looked at again when it could be.</summary>
    private async Task<DateTimeOffset?> SweepSubjectAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var rows = await ReadPartitionAsync(subjects, subjectKey, counters, ct).ConfigureAwait(false);
        var held = rows.Where(r => !r.RowKey.StartsWith(SubjectPartition.SuppressionPrefix, StringComparison.Ordinal)).ToList();
        if (held.Count == 0)
        {
            Interlocked.Increment(ref counters.StaleRemoved);
            return null;
        }
        var facts = SubjectPartition.ToFacts(new Identifier("key", subjectKey), rows);
        var expires = RetentionPolicy.DataExpiresAt(facts, options.Value);
        if (expires is null)
        {
            // An ongoing customer relationship (or nothing with a clock): look again in a year.
            return now.AddYears(1);
        }
        if (expires.Value >= now)
        {
            return expires.Value;
        }

        // Past its limit: the proofs of consents given move to the archive, then everything goes but the suppression entries.
        var proofs = ArchiveRows.ProofsToArchive(held, facts, now, options.Value.ProofYears);
        Interlocked.Increment(ref counters.SubjectsDeleted);
        Interlocked.Add(ref counters.RowsDeleted, held.Count);
        Interlocked.Add(ref counters.ProofsArchived, proofs.Count);
        if (dryRun)
        {
            return null;
        }
        await ArchiveRows.ArchiveAsync(tables, index, subjectKey, proofs, now, ct).ConfigureAwait(false);
        counters.Wrote(proofs.Count == 0 ? 0 : proofs.Count + 1);
        await PartitionRows.DeleteAsync(subjects, held, ct).ConfigureAwait(false);
        counters.Wrote(held.Count);
        return null;
    }

    /// <summary>
    /// Suppression entries older than Retention:SuppressionYears go (RULES.md section 4), and only
    /// once nothing else of the person is held: an objection is honoured as long as the data it
    /// protects exists. With SuppressionYears 0 they are kept for good, and entries scheduled by an
    /// earlier configuration are simply dropped from the index.
    /// </summary>
    private async Task<DateTimeOffset?> SweepSuppressionsAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var years = options.Value.SuppressionYears;
        if (years == 0)
        {
            return null;
        }
        var subjects = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var rows = await ReadPartitionAsync(subjects, subjectKey, counters, ct, ["PartitionKey", "RowKey", "At"]).ConfigureAwait(false);
        var suppressions = rows.Where(SubjectPartition.IsSuppression).ToList();
        if (suppressions.Count < rows.Count)
        {
            return now.AddYears(1); // the person's data is still held: look again in a year
        }
        var expired = suppressions.Where(r => (r.GetDateTimeOffset("At") ?? now).AddYears(years) < now).ToList();
        Interlocked.Add(ref counters.SuppressionsDeleted, expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, expired, ct).ConfigureAwait(false);
            counters.Wrote(expired.Count);
        }
        var remaining = suppressions.Except(expired).Select(r => (r.GetDateTimeOffset("At") ?? now).AddYears(years)).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }

    /// <summary>
    /// Consents that awaited a confirmation past their ConfirmBy (DoubleOptIn:ExpiryDays) go: they
    /// proved nothing, and the address may have been typed by someone else. When nothing else is
    /// then held of the person (no other box, no interaction), their profile, receipts and links
    /// go too, as if the form had never been sent; their suppression entries stay. Consents still
    /// pending are looked at again on their own day.
    /// </summary>
    private async Task<DateTimeOffset?> SweepUnconfirmedAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var rows = await ReadPartitionAsync(subjects, subjectKey, counters, ct, SubjectPartition.FactColumns.Append("PartitionKey")).ConfigureAwait(false);
        var pending = rows.Where(r => SubjectPartition.IsConsent(r) && r.GetString("Status") == ConsentValidityResult.Pending).ToList();
        var expired = pending.Where(r => (r.GetDateTimeOffset("ConfirmBy") ?? DateTimeOffset.MinValue) <= now).ToList();
        var later = pending.Except(expired).Select(r => r.GetDateTimeOffset("ConfirmBy")!.Value).ToList();
        if (expired.Count == 0)
        {
            return later.Count == 0 ? null : later.Min();
        }
        var remaining = rows.Except(expired).ToList();
        var facts = SubjectPartition.ToFacts(new Identifier("key", subjectKey), remaining);
        var doomed = facts.HasRecords
            ? expired
            : rows.Where(r => !SubjectPartition.IsSuppression(r) && !SubjectPartition.IsRelay(r)).ToList(); // nothing else known of them
        if (!facts.HasRecords)
        {
            Interlocked.Increment(ref counters.SubjectsDeleted);
        }
        Interlocked.Add(ref counters.RowsDeleted, doomed.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, doomed, ct).ConfigureAwait(false);
            counters.Wrote(doomed.Count);
        }
        return later.Count == 0 ? null : later.Min();
    }

    /// <summary>Call records older than the 60 days the calling rules look back go; the others are looked at again.</summary>
    private async Task<DateTimeOffset?> SweepCallRecordsAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var subjects = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey} and RowKey ge {SubjectPartition.InteractionPrefix} and RowKey lt {"interaction}"}");
        var calls = new List<TableEntity>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Kind", "At"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (InteractionKinds.Calls.Contains(row.GetString("Kind")))
            {
                calls.Add(row);
            }
        }
        counters.Read(calls.Count);
        var expired = calls.Where(r => (r.GetDateTimeOffset("At") ?? now) + Interactions.InteractionRecorder.CallRecordsKept <= now).ToList();
        Interlocked.Add(ref counters.RowsDeleted, expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, expired, ct).ConfigureAwait(false);
            counters.Wrote(expired.Count);
        }
        var remaining = calls.Except(expired).Select(r => (r.GetDateTimeOffset("At") ?? now) + Interactions.InteractionRecorder.CallRecordsKept).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }

    /// <summary>The decision records of one campaign and day, past Retention:DecisionYears.</summary>
    private async Task<DateTimeOffset?> SweepDecisionRecordsAsync(string partitionAndDay, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var deleted = await decisionRecords.DeleteDayAsync(partitionAndDay, dryRun, ct).ConfigureAwait(false);
        counters.Read(deleted);
        Interlocked.Add(ref counters.DecisionRecordsDeleted, deleted);
        if (!dryRun)
        {
            counters.Wrote(deleted);
        }
        return null;
    }

    /// <summary>Archived proofs past Retention:ProofYears go.</summary>
    private async Task<DateTimeOffset?> SweepArchiveAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken ct)
    {
        var archive = await tables.GetAsync(TableNames.Archive).ConfigureAwait(false);
        var rows = await ReadPartitionAsync(archive, subjectKey, counters, ct, ["PartitionKey", "RowKey", "DeleteAfter"]).ConfigureAwait(false);
        var expired = rows.Where(r => (r.GetDateTimeOffset("DeleteAfter") ?? now) < now).ToList();
        Interlocked.Add(ref counters.ArchivedProofsDeleted, expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(archive, expired, ct).ConfigureAwait(false);
            counters.Wrote(expired.Count);
        }
        var remaining = rows.Except(expired).Select(r => r.GetDateTimeOffset("DeleteAfter") ?? now).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }

    private static async Task<List<TableEntity>> ReadPartitionAsync(TableClient table, string partition, SweepCounters counters, CancellationToken ct, IEnumerable<string>? select = null)
    {
        var rows = await PartitionRows.ReadAsync(table, partition, ct, select).ConfigureAwait(false);
        counters.Read(rows.Count);
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run {RunId} (dry run {DryRun}): {Deleted} people deleted, {Rescheduled} rescheduled, finished {Finished}")]
    private static partial void LogSwept(ILogger logger, string runId, bool dryRun, int deleted, int rescheduled, bool finished);
}
