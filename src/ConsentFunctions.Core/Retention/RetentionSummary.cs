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
