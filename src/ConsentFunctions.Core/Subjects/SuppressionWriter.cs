using Azure.Data.Tables;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// Who acted, for the consent events of a suppression: the partition the events are written in
/// (the identifier the person acted with), the event type when it is not the fact's own
/// (erasure), and the identifiers when the request named them.
/// </summary>
public sealed record SuppressionAct(string SubjectKey, string? EventType = null, string? Email = null, string? Phone = null);

/// <summary>
/// Writes objections and unsubscribes as suppression rows in the person's partition: keyed by the
/// keyed hash, holding only channel, purpose, kind and date, so they can outlive erasure.
/// Callers pass every partition of the person (<see cref="SubjectLinkStore"/>), so an objection made
/// by email stops text messages too. In the partition the person acted with, the rows and the
/// outbox row of their consent events are one transaction.
/// </summary>
public sealed class SuppressionWriter(ConsentTables tables, RetentionIndex retentionIndex, EventOutbox outbox, IOptions<RetentionOptions> retention, TimeProvider time)
{
    // A table transaction holds at most 100 actions: 99 rows and their outbox row.
    private const int RowsPerTransaction = 99;

    /// <summary>
    /// Writes the rows, one per fact and partition, keyed by <paramref name="eventId"/>: the same
    /// event written twice is one row. A row keeps the latest date it was written with, so an old
    /// unsubscribe link clicked again after a new consent withdraws that consent too.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<string> subjectKeys, IReadOnlyList<SuppressionFact> facts, string eventId, CancellationToken cancellationToken, SuppressionAct? act = null)
    {
        ArgumentNullException.ThrowIfNull(subjectKeys);
        ArgumentNullException.ThrowIfNull(facts);
        var keys = subjectKeys.Distinct(StringComparer.Ordinal).ToList();
        if (facts.Count > 0 && retention.Value.SuppressionYears > 0)
        {
            // Kept Retention:SuppressionYears after the objection, then the sweep removes it (0: for good, no entry).
            var due = keys.Select(k => new DueEntry(DueKinds.Suppression, k)).ToList();
            await retentionIndex.ScheduleAsync(due, facts.Max(f => f.At).AddYears(retention.Value.SuppressionYears), cancellationToken);
        }
        var table = await tables.GetAsync(TableNames.Subjects);
        if (act is not null)
        {
            // The acting partition first: a retry after a failure further on finds its rows
            // stored with this date and writes no second event.
            keys.Remove(act.SubjectKey);
            var relays = await WriteWithEventsAsync(table, act, facts, eventId, cancellationToken);
            foreach (var relay in relays)
            {
                await outbox.NotifyAsync(act.SubjectKey, relay, cancellationToken);
            }
        }
        foreach (var key in keys)
        {
            foreach (var fact in facts)
            {
                await WriteLatestAsync(table, SubjectPartition.Suppression(key, fact, eventId), fact.At, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The rows of the acting partition with the outbox row of an event per row added or moved
    /// forward, in one transaction (per 99 rows); rows already stored with this date or a later one
    /// make no event. Returns the outbox rows' keys.
    /// </summary>
    private async Task<List<string>> WriteWithEventsAsync(TableClient table, SuppressionAct act, IReadOnlyList<SuppressionFact> facts, string eventId, CancellationToken ct)
    {
        var relays = new List<string>();
        foreach (var chunk in facts.Chunk(RowsPerTransaction))
        {
            for (var attempt = 0; ; attempt++)
            {
                var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
                await foreach (var row in table.QueryAsync<TableEntity>(SubjectPartition.SuppressionsFilter(act.SubjectKey), select: ["RowKey", "At"], cancellationToken: ct))
                {
                    stored[row.RowKey] = row;
                }
                var actions = new List<TableTransactionAction>();
                var events = new List<PendingEvent>();
                foreach (var fact in chunk)
                {
                    var row = SubjectPartition.Suppression(act.SubjectKey, fact, eventId);
                    if (stored.TryGetValue(row.RowKey, out var existing))
                    {
                        if (existing.GetDateTimeOffset("At") is { } at && at >= fact.At)
                        {
                            continue;
                        }
                        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, existing.ETag));
                    }
                    else
                    {
                        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                    }
                    var type = act.EventType ?? (fact.Kind == SuppressionFact.Unsubscribe ? ConsentEventTypes.Withdrawn : ConsentEventTypes.Objection);
                    events.Add(new PendingEvent(EventIds.ForSuppression(act.SubjectKey, row.RowKey, fact.At), type, fact.At, fact.Channel, fact.Purpose));
                }
                if (actions.Count == 0)
                {
                    break;
                }
                var relay = EventOutbox.Row(act.SubjectKey, events[0].Id, events, time.GetUtcNow(), act.Email, act.Phone);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, relay));
                try
                {
                    await table.SubmitTransactionAsync(actions, ct);
                    relays.Add(relay.RowKey);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && attempt < 4)
                {
                    // A concurrent writer got there first: read the dates again.
                }
            }
        }
        return relays;
    }

    // Add, or move an existing row's date forward (never back), with the ETag against a concurrent writer.
    private static async Task WriteLatestAsync(TableClient table, TableEntity row, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, ["At"], cancellationToken);
            if (!existing.HasValue || existing.Value is null)
            {
                try
                {
                    await table.AddEntityAsync(row, cancellationToken);
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
                    await table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
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
