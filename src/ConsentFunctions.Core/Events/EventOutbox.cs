using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Events;

/// <summary>A message of queue consent-events: the outbox row to relay.</summary>
public sealed record OutboxMessage(string SubjectKey, string RowKey)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static OutboxMessage Parse(string text)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(text, JsonDefaults.Options) ?? throw new FormatException("Empty outbox message.");
        if (string.IsNullOrEmpty(message.SubjectKey) || message.RowKey?.StartsWith(SubjectPartition.RelayPrefix, StringComparison.Ordinal) != true)
        {
            throw new FormatException("An outbox message does not name an outbox row.");
        }
        return message;
    }
}

/// <summary>
/// The outbox of consent events. The writer of an act adds <see cref="Row"/> to the act's own
/// table transaction (one row per act, in the person's partition: "relay|{actId}"), so a stored
/// act always has its events; then <see cref="NotifyAsync"/> puts a message on queue
/// consent-events for prompt delivery. When that message is lost (the process died in
/// between), <see cref="RequeueStaleAsync"/> finds the row again.
/// </summary>
public sealed partial class EventOutbox(ConsentTables tables, ConsentQueues queues, IOptions<EventOptions> options, TimeProvider time, ILogger<EventOutbox> logger)
{
    public static TableEntity Row(string subjectKey, string actId, IReadOnlyList<PendingEvent> events, DateTimeOffset createdAt, string? email = null, string? phone = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var row = new TableEntity(subjectKey, SubjectPartition.RelayRowKey(actId))
        {
            ["CreatedAt"] = createdAt,
            ["Email"] = email,
            ["Phone"] = phone,
        };
        TextChunks.Write(row, "Events", JsonSerializer.Serialize(events, JsonDefaults.Options));
        return row;
    }

    /// <summary>
    /// The corrected profile values of a rectification, kept in its outbox row (column
    /// <c>Corrected</c>) only until the relay has sent them to the destinations that get identifiers.
    /// </summary>
    public static void WriteCorrected(TableEntity row, IReadOnlyDictionary<string, string> corrected)
    {
        ArgumentNullException.ThrowIfNull(row);
        TextChunks.Write(row, "Corrected", JsonSerializer.Serialize(corrected, JsonDefaults.Options));
    }

    public static IReadOnlyDictionary<string, string>? CorrectedOf(TableEntity row)
        => TextChunks.Read(row, "Corrected") is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonDefaults.Options) : null;

    public static IReadOnlyList<PendingEvent> EventsOf(TableEntity row)
        => JsonSerializer.Deserialize<List<PendingEvent>>(TextChunks.Read(row, "Events") ?? "[]", JsonDefaults.Options) ?? [];

    /// <summary>
    /// Queues the row for delivery. The act is already stored, so a failure here is logged, not
    /// thrown: the sweep queues the row again after Events:OutboxSweepAfter.
    /// </summary>
    public async Task NotifyAsync(string subjectKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var queue = await queues.GetAsync(QueueNames.ConsentEvents);
            await queue.SendMessageAsync(new OutboxMessage(subjectKey, rowKey).ToJson(), cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            LogNotifyFailed(logger, e.GetType().Name);
        }
    }

    /// <summary>Queues again every outbox row older than Events:OutboxSweepAfter; returns how many.</summary>
    public async Task<int> RequeueStaleAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Subjects);
        var before = time.GetUtcNow() - options.Value.OutboxSweepAfter;
        // A scan of the relay rows' key range over all partitions; the rows live seconds, so it finds few.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {SubjectPartition.RelayPrefix} and RowKey lt {"relay}"} and CreatedAt le {before}");
        var queue = await queues.GetAsync(QueueNames.ConsentEvents);
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await queue.SendMessageAsync(new OutboxMessage(row.PartitionKey, row.RowKey).ToJson(), cancellationToken);
            count++;
        }
        if (count > 0)
        {
            LogRequeued(logger, count);
        }
        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queueing consent events failed ({ExceptionType}); the outbox sweep will queue them")]
    private static partial void LogNotifyFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep queued {Count} consent event rows again")]
    private static partial void LogRequeued(ILogger logger, int count);
}
