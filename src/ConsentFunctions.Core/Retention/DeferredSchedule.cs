using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Retention index entries an outbox row carries (columns <c>DueAt</c> and <c>DueEntries</c> of a
/// <c>relay|</c> row) for the relay of consent events to schedule. A capture writes its entries this
/// way, inside the person's own transaction, instead of one more storage round trip before it: the
/// row is stored with the data it covers, and the relay (or, when its queue message is lost, the
/// outbox sweep that queues it again) schedules the entries before it removes the row. So data is
/// still never left without the entry that will delete it; only the entry's writing moves.
/// </summary>
public sealed record DeferredSchedule(DateTimeOffset Due, IReadOnlyList<DueEntry> Entries)
{
    private const string DueColumn = "DueAt";
    private const string EntriesColumn = "DueEntries";

    public void WriteTo(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        row[DueColumn] = Due;
        TextChunks.Write(row, EntriesColumn, JsonSerializer.Serialize(Entries, JsonDefaults.Options));
    }

    /// <summary>The entries a row carries, or null (rows of other acts, and rows written before entries travelled with them).</summary>
    public static DeferredSchedule? ReadFrom(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var due = row.GetDateTimeOffset(DueColumn);
        var json = TextChunks.Read(row, EntriesColumn);
        if (due is null || json is null)
        {
            return null;
        }
        var entries = JsonSerializer.Deserialize<List<DueEntry>>(json, JsonDefaults.Options) ?? [];
        return new DeferredSchedule(due.Value, entries);
    }
}
