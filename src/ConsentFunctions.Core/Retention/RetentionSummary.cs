namespace ConsentFunctions.Core.Retention;

/// <summary>What one sweep did (or, dry, would do): counts only, never a key or an identifier.</summary>
public sealed record RetentionSummary(
    string RunId,
    bool DryRun,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    long DurationMs,
    bool Finished,
    int Candidates,
    int SubjectsDeleted,
    int RowsDeleted,
    int ProofsArchived,
    int ArchivedProofsDeleted,
    int SuppressionsDeleted,
    int Rescheduled,
    int StaleRemoved,
    int SkippedInUse,
    long EntitiesRead,
    long EntitiesWritten,
    int DecisionRecordsDeleted = 0);

/// <summary>The counters of a sweep in progress, shared by its parallel bucket readers.</summary>
internal sealed class SweepCounters
{
    public int Candidates;
    public int SubjectsDeleted;
    public int RowsDeleted;
    public int ProofsArchived;
    public int ArchivedProofsDeleted;
    public int SuppressionsDeleted;
    public int Rescheduled;
    public int StaleRemoved;
    public int SkippedInUse;
    public long EntitiesRead;
    public long EntitiesWritten;
    public int DecisionRecordsDeleted;

    public void Read(int n) => Interlocked.Add(ref EntitiesRead, n);

    public void Wrote(int n) => Interlocked.Add(ref EntitiesWritten, n);

    public RetentionSummary ToSummary(string runId, bool dryRun, DateTimeOffset started, DateTimeOffset finished, long durationMs, bool complete)
        => new(runId, dryRun, started, finished, durationMs, complete, Candidates, SubjectsDeleted, RowsDeleted, ProofsArchived,
            ArchivedProofsDeleted, SuppressionsDeleted, Rescheduled, StaleRemoved, SkippedInUse, EntitiesRead, EntitiesWritten, DecisionRecordsDeleted);
}
