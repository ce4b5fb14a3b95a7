using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Breaches;

/// <summary>A breach as read, with the ETag that a conditional write must present.</summary>
public sealed record StoredBreach(BreachState State, ETag ETag);

/// <summary>What a change makes of a breach: its new state and, for a change of the register, one new history entry.</summary>
public sealed record BreachMutation(BreachState After, BreachEntry? Entry);

/// <summary>
/// The breach register in table <c>Breaches</c>. Breaches are few (a handful a year for most
/// controllers, hundreds over a lifetime at the most), so the whole register is one partition:
/// a breach's row, its new history entry and its watch-index row change together in one
/// entity-group transaction, and the register reads in one query. Row keys:
/// <list type="bullet">
/// <item><c>b|{id}</c>: the breach (its current state as one JSON document);</item>
/// <item><c>e|{id}|{seq}</c>: its history, one immutable row per change;</item>
/// <item><c>w|{id}</c>: the watch index, present exactly while the watch has an alert left to send
/// for that breach, so a watch run reads those few rows and never the growing register.</item>
/// </list>
/// Every write of a breach row is conditional on the ETag read (optimistic concurrency).
/// </summary>
public sealed class BreachStore(ConsentTables tables)
{
    public const string Partition = "register";
    private const int MaxAttempts = 5;

    public async Task CreateAsync(BreachState state, BreachEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await TableAsync();
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, BreachEntity(state)),
            new(TableTransactionActionType.Add, EntryEntity(state.Id, entry)),
        ];
        if (BreachRules.IsWatched(state))
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, WatchKey(state.Id))));
        }
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<StoredBreach?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, BreachKey(id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new StoredBreach(StateOf(entity), entity.ETag) : null;
    }

    /// <summary>Every breach of the register, oldest first (ids are time-ordered).</summary>
    public async Task<IReadOnlyList<BreachState>> ListAsync(CancellationToken cancellationToken)
    {
        var breaches = new List<BreachState>();
        await foreach (var entity in RangeAsync("b|", cancellationToken))
        {
            breaches.Add(StateOf(entity));
        }
        return breaches;
    }

    /// <summary>Every history entry of the register, by breach id, each list in order.</summary>
    public async Task<IReadOnlyDictionary<string, List<BreachEntry>>> HistoryAsync(string? id, CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, List<BreachEntry>>(StringComparer.Ordinal);
        await foreach (var entity in RangeAsync(id is null ? "e|" : $"e|{id}|", cancellationToken))
        {
            var breachId = entity.RowKey.Split('|')[1];
            if (!history.TryGetValue(breachId, out var entries))
            {
                entries = [];
                history[breachId] = entries;
            }
            entries.Add(JsonSerializer.Deserialize<BreachEntry>(TextChunks.Read(entity, "Document")!, JsonDefaults.Options)!);
        }
        return history;
    }

    /// <summary>The ids of the breaches the watch still has an alert to send for: the index rows only.</summary>
    public async Task<IReadOnlyList<string>> WatchedIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var entity in RangeAsync("w|", cancellationToken, select: ["RowKey"]))
        {
            ids.Add(entity.RowKey[2..]);
        }
        return ids;
    }

    /// <summary>
    /// Reads the breach, asks <paramref name="decide"/> what to make of it, and writes that on the
    /// condition that nobody wrote in between; on a conflict it reads again and asks again.
    /// <paramref name="decide"/> returns null for "nothing to change". The answer is null when
    /// the breach does not exist, else its state after the call and whether this call changed it.
    /// </summary>
    public async Task<(BreachState State, bool Changed)?> MutateAsync(string id, Func<BreachState, BreachMutation?> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetAsync(id, cancellationToken);
            if (stored is null)
            {
                return null;
            }
            var mutation = decide(stored.State);
            if (mutation is null)
            {
                return (stored.State, false);
            }
            try
            {
                await ReplaceAsync(stored, mutation, cancellationToken);
                return (mutation.After, true);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                // Someone changed the breach since it was read: decide again on what they wrote.
            }
        }
    }

    private async Task ReplaceAsync(StoredBreach before, BreachMutation mutation, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var id = before.State.Id;
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, BreachEntity(mutation.After), before.ETag)];
        if (mutation.Entry is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, EntryEntity(id, mutation.Entry)));
        }
        var watchedBefore = BreachRules.IsWatched(before.State);
        var watchedAfter = BreachRules.IsWatched(mutation.After);
        if (watchedAfter && !watchedBefore)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, WatchKey(id))));
        }
        else if (watchedBefore && !watchedAfter)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, WatchKey(id)), ETag.All));
        }
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    private async IAsyncEnumerable<TableEntity> RangeAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var table = await TableAsync();
        // The prefixes end with '|'; '}' is the next character, so [prefix, upper) is exactly the prefix's rows.
        var upper = prefix[..^1] + "}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            yield return entity;
        }
    }

    private Task<TableClient> TableAsync() => tables.GetAsync(TableNames.Breaches);

    private static string BreachKey(string id) => "b|" + id;

    private static string WatchKey(string id) => "w|" + id;

    private static TableEntity BreachEntity(BreachState state)
    {
        var entity = new TableEntity(Partition, BreachKey(state.Id))
        {
            // Columns for whoever browses the table; the document is the record.
            ["AwareAt"] = state.AwareAt,
            ["Notified"] = state.Notification is not null,
        };
        TextChunks.Write(entity, "Document", JsonSerializer.Serialize(state, JsonDefaults.Options));
        return entity;
    }

    private static TableEntity EntryEntity(string id, BreachEntry entry)
    {
        var entity = new TableEntity(Partition, $"e|{id}|{entry.Seq:D6}")
        {
            ["Kind"] = entry.Kind,
            ["At"] = entry.At,
        };
        TextChunks.Write(entity, "Document", JsonSerializer.Serialize(entry, JsonDefaults.Options));
        return entity;
    }

    private static BreachState StateOf(TableEntity entity)
        => JsonSerializer.Deserialize<BreachState>(TextChunks.Read(entity, "Document")!, JsonDefaults.Options)!;
}
