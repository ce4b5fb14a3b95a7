using System.Globalization;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// The run log in table <c>RetentionRuns</c>: one row per sweep, its <see cref="RetentionSummary"/>
/// (counts only, never a key or an identifier). One partition, <see cref="Partition"/>; the row key
/// is the inverted start time and the run id, so the newest runs read first and two runs started
/// in the same tick never collide. Columns keep their names: rows written before
/// DecisionRecordsDeleted existed read as 0.
/// </summary>
public sealed class RetentionRunLog(ConsentTables tables)
{
    private const string Partition = "runs";

    public async Task AddAsync(RetentionSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var table = await tables.GetAsync(TableNames.RetentionRuns);
        await table.AddEntityAsync(ToEntity(summary), cancellationToken);
    }

    /// <summary>The latest <paramref name="max"/> runs, newest first.</summary>
    public async Task<IReadOnlyList<RetentionSummary>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.RetentionRuns);
        var runs = new List<RetentionSummary>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            runs.Add(ToSummary(row));
            if (runs.Count >= max)
            {
                break;
            }
        }
        return runs;
    }

    private static TableEntity ToEntity(RetentionSummary s)
        => new(Partition, (DateTimeOffset.MaxValue.UtcTicks - s.StartedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + s.RunId)
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

    private static RetentionSummary ToSummary(TableEntity e)
        => new(e.GetString("RunId"), e.GetBoolean("DryRun") ?? false, e.GetDateTimeOffset("StartedAt") ?? default, e.GetDateTimeOffset("FinishedAt") ?? default,
            e.GetInt64("DurationMs") ?? 0, e.GetBoolean("Finished") ?? false, e.GetInt32("Candidates") ?? 0, e.GetInt32("SubjectsDeleted") ?? 0,
            e.GetInt32("RowsDeleted") ?? 0, e.GetInt32("ProofsArchived") ?? 0, e.GetInt32("ArchivedProofsDeleted") ?? 0, e.GetInt32("SuppressionsDeleted") ?? 0,
            e.GetInt32("Rescheduled") ?? 0, e.GetInt32("StaleRemoved") ?? 0, e.GetInt32("SkippedInUse") ?? 0, e.GetInt64("EntitiesRead") ?? 0, e.GetInt64("EntitiesWritten") ?? 0,
            e.GetInt32("DecisionRecordsDeleted") ?? 0);
}
