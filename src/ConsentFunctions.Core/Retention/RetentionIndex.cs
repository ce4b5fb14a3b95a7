using System.Globalization;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Retention;

/// <summary>What an index entry asks the sweep to look at again on its due day.</summary>
public static class DueKinds
{
    /// <summary>A person's data (profile, consents, receipts, interactions) in their partition.</summary>
    public const string Subject = "subject";

    /// <summary>The suppression entries of a partition.</summary>
    public const string Suppression = "suppression";

    /// <summary>Archived proofs of one person.</summary>
    public const string Archive = "archive";

    /// <summary>The call records of a partition (kept 60 days for the calling rules).</summary>
    public const string CallRecords = "calls";

    /// <summary>The decision records of one campaign and day ("{partition}|{yyyyMMdd}").</summary>
    public const string DecisionRecords = "decisions";

    /// <summary>The consents of a partition awaiting confirmation (double opt-in): removed unconfirmed after DoubleOptIn:ExpiryDays.</summary>
    public const string Confirmation = "confirmation";
}

/// <summary>One entry of the due-date index.</summary>
public sealed record DueEntry(string Kind, string SubjectKey);

/// <summary>
/// The due-date index (table RetentionIndex). Partition "{bucket}-{yyyyMMdd}": a day's writes are
/// spread over <see cref="Buckets"/> partitions by the person's keyed hash, and the sweep reads each
/// bucket's range "up to today" in parallel: its work follows what is due, not what is held.
/// Entries may be stale (the person came back); the sweep re-checks and reschedules them.
/// </summary>
public sealed class RetentionIndex(ConsentTables tables)
{
    public const int Buckets = 16;

    public static int BucketOf(string subjectKey)
    {
        ArgumentNullException.ThrowIfNull(subjectKey);
        return subjectKey[0] % Buckets;
    }

    public static string PartitionOf(int bucket, DateTimeOffset due)
        => string.Create(CultureInfo.InvariantCulture, $"{bucket:D2}-{due.UtcDateTime:yyyyMMdd}");

    public static string RowOf(DueEntry entry) => entry.Kind + "|" + entry.SubjectKey;

    /// <summary>
    /// Schedules entries for one day. They share the first key's bucket, so one person's entries are
    /// one transaction. Written before the facts they cover: a failure leaves at worst an entry with
    /// nothing to do, never data that no sweep will find.
    /// </summary>
    public async Task ScheduleAsync(IReadOnlyList<DueEntry> entries, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        var table = await tables.GetAsync(TableNames.RetentionIndex);
        var partition = PartitionOf(BucketOf(entries[0].SubjectKey), due);
        var actions = entries.Distinct().Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, RowOf(e))
        {
            ["Kind"] = e.Kind,
            ["SubjectKey"] = e.SubjectKey,
            ["DueAt"] = due,
        })).ToList();
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }
}
