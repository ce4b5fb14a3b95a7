using System.Globalization;
using Azure.Data.Tables;

namespace ConsentFunctions.Core.Retention;

/// <summary>Run summaries in table RetentionRuns, newest first (the row key is the inverted start time).</summary>
internal static class RetentionRunRows
{
    public static TableEntity ToEntity(string partition, RetentionSummary s)
        => new(partition, (DateTimeOffset.MaxValue.UtcTicks - s.StartedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + s.RunId)
        {
            ["RunId"] = s.RunId,
            ["DryRun"] = s.DryRun,
            ["StartedAt"] = s.StartedAt,
            ["FinishedAt"] = s.FinishedAt,
            ["DurationMs"] = s.DurationMs,
            ["Finished"] = s.Finished,
            ["Candidates"] = s.Candidates,
            ["SubjectsDeleted"] = s.SubjectsDeleted,
            ["RowsDeleted"] = s.RowsDeleted,
            ["ProofsArchived"] = s.ProofsArchived,
            ["ArchivedProofsDeleted"] = s.ArchivedProofsDeleted,
            ["SuppressionsDeleted"] = s.SuppressionsDeleted,
            ["Rescheduled"] = s.Rescheduled,
            ["StaleRemoved"] = s.StaleRemoved,
            ["SkippedInUse"] = s.SkippedInUse,
            ["EntitiesRead"] = s.EntitiesRead,
            ["EntitiesWritten"] = s.EntitiesWritten,
            ["DecisionRecordsDeleted"] = s.DecisionRecordsDeleted,
        };

    public static RetentionSummary ToSummary(TableEntity e)
        => new(e.GetString("RunId"), e.GetBoolean("DryRun") ?? false, e.GetDateTimeOffset("StartedAt") ?? default, e.GetDateTimeOffset("FinishedAt") ?? default,
            e.GetInt64("DurationMs") ?? 0, e.GetBoolean("Finished") ?? false, e.GetInt32("Candidates") ?? 0, e.GetInt32("SubjectsDeleted") ?? 0,
            e.GetInt32("RowsDeleted") ?? 0, e.GetInt32("ProofsArchived") ?? 0, e.GetInt32("ArchivedProofsDeleted") ?? 0, e.GetInt32("SuppressionsDeleted") ?? 0,
            e.GetInt32("Rescheduled") ?? 0, e.GetInt32("StaleRemoved") ?? 0, e.GetInt32("SkippedInUse") ?? 0, e.GetInt64("EntitiesRead") ?? 0, e.GetInt64("EntitiesWritten") ?? 0,
            e.GetInt32("DecisionRecordsDeleted") ?? 0);
}
