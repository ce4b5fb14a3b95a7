using ConsentFunctions.Core.Decisions;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// The decision records of one campaign and day (<see cref="DueKinds.DecisionRecords"/>, the entry's
/// key is "{partition}|{yyyyMMdd}"), past Retention:DecisionYears: their table's own store deletes
/// them, and they are never looked at again.
/// </summary>
public sealed class DecisionRecordsDueHandler(DecisionRecordStore decisionRecords) : IDueEntryHandler
{
    public string Kind => DueKinds.DecisionRecords;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var deleted = await decisionRecords.DeleteDayAsync(subjectKey, dryRun, cancellationToken);
        counters.Read(deleted);
        counters.DecisionRecordsDeleted(deleted);
        if (!dryRun)
        {
            counters.Wrote(deleted);
        }
        return null;
    }
}
