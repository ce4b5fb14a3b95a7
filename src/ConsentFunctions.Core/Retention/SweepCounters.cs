using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// The counters of a sweep in progress, the figures of its <see cref="RetentionSummary"/>. One
/// instance is shared by the run's parallel bucket readers and their handlers, so every change is
/// an <see cref="Interlocked"/> one.
/// </summary>
public sealed class SweepCounters
{
    private int candidates;
    private int subjectsDeleted;
    private int rowsDeleted;
    private int proofsArchived;
    private int archivedProofsDeleted;
    private int suppressionsDeleted;
    private int rescheduled;
    private int staleRemoved;
    private int skippedInUse;
    private long entitiesRead;
    private long entitiesWritten;
    private int decisionRecordsDeleted;

    public void Read(int n) => Interlocked.Add(ref entitiesRead, n);

    public void Wrote(int n) => Interlocked.Add(ref entitiesWritten, n);

    public void Candidate() => Interlocked.Increment(ref candidates);

    public void SubjectDeleted() => Interlocked.Increment(ref subjectsDeleted);

    public void RowsDeleted(int n) => Interlocked.Add(ref rowsDeleted, n);

    public void ProofsArchived(int n) => Interlocked.Add(ref proofsArchived, n);

    public void ArchivedProofsDeleted(int n) => Interlocked.Add(ref archivedProofsDeleted, n);

    public void SuppressionsDeleted(int n) => Interlocked.Add(ref suppressionsDeleted, n);

    public void DecisionRecordsDeleted(int n) => Interlocked.Add(ref decisionRecordsDeleted, n);

    public void Rescheduled() => Interlocked.Increment(ref rescheduled);

    /// <summary>An entry whose person holds nothing any more (they were erased or swept by another entry).</summary>
    public void StaleRemoved() => Interlocked.Increment(ref staleRemoved);

    /// <summary>An entry another run holds the lease of, or has already finished.</summary>
    public void SkippedInUse() => Interlocked.Increment(ref skippedInUse);

    /// <summary>The rows of one partition, counted as read.</summary>
    public async Task<List<TableEntity>> ReadPartitionAsync(TableClient table, string partition, CancellationToken ct, IEnumerable<string>? select = null)
    {
        var rows = await PartitionRows.ReadAsync(table, partition, ct, select);
        Read(rows.Count);
        return rows;
    }

    /// <summary>Read once every bucket has returned, so no counter moves any more.</summary>
    public RetentionSummary ToSummary(string runId, bool dryRun, DateTimeOffset started, DateTimeOffset finished, long durationMs, bool complete)
        => new(runId, dryRun, started, finished, durationMs, complete, candidates, subjectsDeleted, rowsDeleted, proofsArchived,
            archivedProofsDeleted, suppressionsDeleted, rescheduled, staleRemoved, skippedInUse, entitiesRead, entitiesWritten, decisionRecordsDeleted);
}
