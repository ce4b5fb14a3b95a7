using Azure.Data.Tables;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// Writes objections and unsubscribes as suppression rows in the person's partition: keyed by the
/// keyed hash, holding only channel, purpose, kind and date, so they can outlive erasure.
/// Callers pass every partition of the person (<see cref="SubjectLinks"/>), so an objection made
/// by email stops text messages too.
/// </summary>
public sealed class SuppressionWriter(ConsentTables tables, RetentionIndex retentionIndex, IOptions<RetentionOptions> retention)
{
    /// <summary>
    /// Writes the rows, one per fact and partition, keyed by <paramref name="eventId"/>: the same
    /// event written twice is one row. A row keeps the latest date it was written with, so an old
    /// unsubscribe link clicked again after a new consent withdraws that consent too.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<string> subjectKeys, IReadOnlyList<SuppressionFact> facts, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectKeys);
        ArgumentNullException.ThrowIfNull(facts);
        var keys = subjectKeys.Distinct(StringComparer.Ordinal).ToList();
        if (facts.Count > 0 && retention.Value.SuppressionYears > 0)
        {
            // Kept Retention:SuppressionYears after the objection, then the sweep removes it (0: for good, no entry).
            var due = keys.Select(k => new DueEntry(DueKinds.Suppression, k)).ToList();
            await retentionIndex.ScheduleAsync(due, facts.Max(f => f.At).AddYears(retention.Value.SuppressionYears), cancellationToken).ConfigureAwait(false);
        }
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        foreach (var key in keys)
        {
            foreach (var fact in facts)
            {
                await WriteLatestAsync(table, SubjectPartition.Suppression(key, fact, eventId), fact.At, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Add, or move an existing row's date forward (never back), with the ETag against a concurrent writer.
    private static async Task WriteLatestAsync(TableClient table, TableEntity row, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, ["At"], cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue || existing.Value is null)
            {
                try
                {
                    await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Azure.RequestFailedException e) when (e.Status == 409)
                {
                    continue; // written meanwhile: compare dates again
                }
            }
            else
            {
                if (existing.Value.GetDateTimeOffset("At") is { } stored && stored >= at)
                {
                    return; // the same or an earlier delivery of a later request: nothing to change
                }
                try
                {
                    await table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Azure.RequestFailedException e) when (e.Status is 412 or 404)
                {
                    continue;
                }
            }
        }
        throw new InvalidOperationException("A suppression row kept changing while it was written; the caller retries.");
    }
}
