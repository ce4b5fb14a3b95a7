using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Events;

/// <summary>A message of queue consent-deliveries: one event for one destination, as it will be posted.</summary>
public sealed record DeliveryMessage(string Destination, string EventId, string Type, string Body, int Attempt, string LogDay, string LogRowKey)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static DeliveryMessage Parse(string text)
    {
        var message = JsonSerializer.Deserialize<DeliveryMessage>(text, JsonDefaults.Options) ?? throw new FormatException("Empty delivery message.");
        if (string.IsNullOrEmpty(message.Destination) || string.IsNullOrEmpty(message.EventId) || string.IsNullOrEmpty(message.Body) || message.Attempt < 1)
        {
            throw new FormatException("A delivery message lacks a field.");
        }
        return message;
    }
}

/// <summary>
/// The queue function's work for consent-events: reads the outbox row, appends its events to the
/// log, puts one delivery message per event and destination on consent-deliveries (so a slow or
/// failing destination never holds up another), and only then removes the row. A failure before
/// the removal leaves the row for a retry; the events then go out again with the same ids.
/// A capture's row also carries the retention index entries of its data, scheduled first
/// (Retention/DeferredSchedule.cs).
/// First, for a public capture, the confirmation step (DoubleOptIn/ConfirmationRelay.cs) queues the
/// confirmation email of consents awaiting one and holds their events back: they are no acts yet.
/// </summary>
public sealed partial class EventRelay(ConsentTables tables, ConsentQueues queues, EventLog log, DoubleOptIn.ConfirmationRelay confirmations,
    Retention.RetentionIndex retentionIndex, IOptions<EventOptions> options, ILogger<EventRelay> logger)
{
    public async Task RelayAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var found = await subjects.GetEntityIfExistsAsync<TableEntity>(message.SubjectKey, message.RowKey, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is null)
        {
            LogAlreadyRelayed(logger);
            return; // relayed already (a duplicate message, or the sweep's), or the act was never stored
        }
        var row = found.Value;
        // A capture's retention index entries travel in its outbox row: written before the row goes.
        if (Retention.DeferredSchedule.ReadFrom(row) is { } schedule)
        {
            await retentionIndex.ScheduleAsync(schedule.Entries, schedule.Due, cancellationToken);
        }
        // A public capture's consents awaiting confirmation: their email is queued, their events held back.
        var held = await confirmations.PrepareAsync(subjects, row, cancellationToken);
        var pending = EventOutbox.EventsOf(row).Where(e => !held.Contains(e.Id)).ToList();
        var destinations = options.Value.Destinations;
        var (email, phone) = (row.GetString("Email"), row.GetString("Phone"));
        if (email is null && phone is null && destinations.Any(d => d.SendsIdentifiers))
        {
            // An unsubscribe knows the person by key only: the profile has the identifiers.
            var profile = await subjects.GetEntityIfExistsAsync<TableEntity>(message.SubjectKey, SubjectPartition.ProfileRowKey, ["Email", "Phone"], cancellationToken);
            (email, phone) = profile.HasValue && profile.Value is not null ? (profile.Value.GetString("Email"), profile.Value.GetString("Phone")) : (null, null);
        }
        var corrected = EventOutbox.CorrectedOf(row);
        var events = pending.Select(p => p.ToEvent(message.SubjectKey)).ToList();
        var positions = await log.AppendAsync(events, cancellationToken);

        var deliveries = new List<DeliveryMessage>();
        for (var i = 0; i < pending.Count; i++)
        {
            foreach (var destination in destinations.Where(d => d.Accepts(pending[i].Type)))
            {
                var body = destination.SendsIdentifiers ? pending[i].ToEvent(message.SubjectKey, email, phone, corrected).ToJson() : events[i].ToJson();
                deliveries.Add(new DeliveryMessage(destination.Name, pending[i].Id, pending[i].Type, body, 1, positions[i].Day, positions[i].RowKey));
            }
        }
        if (deliveries.Count > 0)
        {
            var queue = await queues.GetAsync(QueueNames.ConsentDeliveries);
            await Task.WhenAll(deliveries.Select(d => queue.SendMessageAsync(d.ToJson(), cancellationToken)));
        }
        await PartitionRows.DeleteIgnoringMissingAsync(subjects, row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        LogRelayed(logger, events.Count, deliveries.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox row already relayed or never stored; nothing to do")]
    private static partial void LogAlreadyRelayed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Logged {EventCount} consent events and queued {DeliveryCount} deliveries")]
    private static partial void LogRelayed(ILogger logger, int eventCount, int deliveryCount);
}
