using Azure.Data.Tables;
using ConsentFunctions.Core.Interactions;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Call records (<see cref="DueKinds.CallRecords"/>) older than the 60 days the calling rules look
/// back (<see cref="InteractionRecorder.CallRecordsKept"/>) go; the others are looked at again.
/// Only the interaction rows are read, not the whole partition.
/// </summary>
public sealed class CallRecordsDueHandler(ConsentTables tables) : IDueEntryHandler
{
    public string Kind => DueKinds.CallRecords;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey} and RowKey ge {SubjectPartition.InteractionPrefix} and RowKey lt {"interaction}"}");
        var calls = new List<TableEntity>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Kind", "At"], cancellationToken: cancellationToken))
        {
            if (InteractionKinds.Calls.Contains(row.GetString("Kind")))
            {
                calls.Add(row);
            }
        }
        counters.Read(calls.Count);
        var expired = calls.Where(r => (r.GetDateTimeOffset("At") ?? now) + InteractionRecorder.CallRecordsKept <= now).ToList();
        counters.RowsDeleted(expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, expired, cancellationToken);
            counters.Wrote(expired.Count);
        }
        var remaining = calls.Except(expired).Select(r => (r.GetDateTimeOffset("At") ?? now) + InteractionRecorder.CallRecordsKept).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }
}
