using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Archived proofs of one person (<see cref="DueKinds.Archive"/>) past Retention:ProofYears go;
/// the others are looked at again on the earliest of their DeleteAfter days.
/// </summary>
public sealed class ArchiveDueHandler(ConsentTables tables) : IDueEntryHandler
{
    public string Kind => DueKinds.Archive;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var archive = await tables.GetAsync(TableNames.Archive);
        var rows = await counters.ReadPartitionAsync(archive, subjectKey, cancellationToken, ["PartitionKey", "RowKey", "DeleteAfter"]);
        var expired = rows.Where(r => (r.GetDateTimeOffset("DeleteAfter") ?? now) < now).ToList();
        counters.ArchivedProofsDeleted(expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(archive, expired, cancellationToken);
            counters.Wrote(expired.Count);
        }
        var remaining = rows.Except(expired).Select(r => r.GetDateTimeOffset("DeleteAfter") ?? now).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }
}
