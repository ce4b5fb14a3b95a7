using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Events;

/// <summary>Where an event sits in the log: the day partition and the sortable row key.</summary>
public sealed record EventLogPosition(string Day, string RowKey);

/// <summary>A page of replayed events and the cursor to ask for the next one.</summary>
public sealed record EventPage(IReadOnlyList<ConsentEvent> Events, string? Next);

/// <summary>The cursor was not made by this app, or points before what the log still keeps.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);

/// <summary>
/// The event log, table ConsentEvents: partition "yyyyMMdd" (the day the event was logged), row
/// key "{ticks of logging, 19 digits}|{event id}", so a partition reads in logging order and old
/// days are dropped whole. It holds events without identifiers. Replay pages through it with an
/// opaque cursor signed by the app: a forged or altered cursor, or one older than the log keeps, is refused.
/// </summary>
public sealed class EventLog(ConsentTables tables, SubjectKeyHasher hasher, IOptions<EventOptions> options, TimeProvider time)
{
    public const int MaxLimit = 1000;

    /// <summary>Appends the events in one transaction (they share the day partition); returns their positions.</summary>
    public async Task<IReadOnlyList<EventLogPosition>> AppendAsync(IReadOnlyList<ConsentEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = time.GetUtcNow();
        var day = Day(now);
        var ticks = now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var rows = events.Select(e => new TableEntity(day, ticks + "|" + e.Id)
        {
            ["EventId"] = e.Id,
            ["Type"] = e.Type,
            ["Event"] = (e with { Data = e.Data with { Email = null, Phone = null } }).ToJson(),
        }).ToList();
        var table = await tables.GetAsync(TableNames.ConsentEvents);
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        }
        return rows.Select(r => new EventLogPosition(r.PartitionKey, r.RowKey)).ToList();
    }

    /// <summary>Events logged after <paramref name="cursor"/> (from the oldest kept when null), oldest first.</summary>
    public async Task<EventPage> ReadAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var oldest = Day(now.AddDays(-options.Value.RetentionDays));
        var after = cursor is null ? null : Decode(cursor, oldest);
        // Rows logged in the last moments may still have neighbours being written before them.
        var upTo = (now - options.Value.ReplayLag).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var table = await tables.GetAsync(TableNames.ConsentEvents);
        var events = new List<ConsentEvent>();
        EventLogPosition? last = after;
        var firstDay = DateOnly.ParseExact(after?.Day ?? oldest, "yyyyMMdd", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var d = firstDay; d <= today && events.Count < limit; d = d.AddDays(1))
        {
            var day = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var from = after is not null && after.Day == day ? after.RowKey : string.Empty;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey gt {from} and RowKey lt {upTo}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), select: ["PartitionKey", "RowKey", "Event"], cancellationToken: cancellationToken))
            {
                events.Add(ConsentEvent.Parse(row.GetString("Event")));
                last = new EventLogPosition(row.PartitionKey, row.RowKey);
                if (events.Count == limit)
                {
                    break;
                }
            }
        }
        return new EventPage(events, last is null ? null : Encode(last));
    }

    /// <summary>Deletes the day partitions older than Events:RetentionDays; returns the rows deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Day(time.GetUtcNow().AddDays(-options.Value.RetentionDays));
        var table = await tables.GetAsync(TableNames.ConsentEvents);
        var old = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {cutoff}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(row);
        }
        foreach (var partition in old.GroupBy(r => r.PartitionKey))
        {
            await PartitionRows.DeleteAsync(table, partition.ToList(), cancellationToken);
        }
        return old.Count;
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal string Encode(EventLogPosition position)
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position.Day + "/" + position.RowKey));
        return payload + "." + Mac(payload);
    }

    private EventLogPosition Decode(string cursor, string oldestDay)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (cursor.Length > 512 || dot <= 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(cursor[..dot])), Encoding.ASCII.GetBytes(cursor[(dot + 1)..])))
        {
            throw new InvalidCursorException("The cursor was not issued by this service.");
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.AsSpan(0, dot)));
        }
        catch (FormatException)
        {
            throw new InvalidCursorException("The cursor was not issued by this service.");
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash != 8)
        {
            throw new InvalidCursorException("The cursor was not issued by this service.");
        }
        var position = new EventLogPosition(text[..slash], text[(slash + 1)..]);
        if (string.CompareOrdinal(position.Day, oldestDay) < 0)
        {
            throw new InvalidCursorException("The cursor points before the events the log still keeps; replay from the start.");
        }
        return position;
    }

    private string Mac(string payload) => hasher.ForValue("events-cursor", payload);
}
