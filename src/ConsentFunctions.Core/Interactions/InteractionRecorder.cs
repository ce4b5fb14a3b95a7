using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Interactions;

/// <summary>
/// Records interactions under each identifier given. The row key is derived from the interaction
/// itself, so a retry rewrites the same row: idempotent. A batch is grouped per person: one
/// transaction per partition (of up to 100 rows), after the retention index entries.
/// </summary>
public sealed class InteractionRecorder(ConsentTables tables, SubjectFactsReader reader, RetentionIndex retentionIndex, IOptions<RetentionOptions> retention)
{
    // Call records are kept the 60 days the calling rules look back, and a day more.
    public static readonly TimeSpan CallRecordsKept = TimeSpan.FromDays(61);

    public async Task RecordAsync(IReadOnlyList<InteractionRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = records.SelectMany(r => r.Identifiers.Select(i => (Key: reader.KeyOf(i), r.Fact))).ToList();

        // The index first: every interaction moves a clock, and call records fall due after 60 days.
        var years = Math.Max(retention.Value.ProspectYears, retention.Value.CustomerYears);
        var due = rows.Select(r => InteractionKinds.Calls.Contains(r.Fact.Kind)
                ? (Entry: new DueEntry(DueKinds.CallRecords, r.Key), At: r.Fact.At + CallRecordsKept)
                : (Entry: new DueEntry(DueKinds.Subject, r.Key), At: r.Fact.At.AddYears(years)))
            .GroupBy(d => (RetentionIndex.BucketOf(d.Entry.SubjectKey), d.At.UtcDateTime.Date));
        foreach (var day in due)
        {
            // One day's entries of one bucket share a partition: one transaction (the latest time of that day).
            foreach (var chunk in day.DistinctBy(d => d.Entry).Chunk(100))
            {
                await retentionIndex.ScheduleAsync(chunk.Select(d => d.Entry).ToList(), chunk.Max(d => d.At), cancellationToken);
            }
        }

        var table = await tables.GetAsync(TableNames.Subjects);
        foreach (var person in rows.GroupBy(r => r.Key))
        {
            foreach (var chunk in person.DistinctBy(r => SubjectPartition.InteractionRowKey(r.Fact.Kind, r.Fact.At)).Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    SubjectPartition.Interaction(person.Key, r.Fact))), cancellationToken);
            }
        }
    }
}
