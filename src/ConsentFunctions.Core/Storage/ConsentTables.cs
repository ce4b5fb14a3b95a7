using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Hands out table clients, creating each table once per process on first use so that a
/// fresh storage account (or a fresh Azurite) needs no set-up step.
/// </summary>
public sealed class ConsentTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public TableServiceClient Service { get; } = service;

    public Task<TableClient> GetAsync(string name)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // A failed creation (storage briefly down) must not poison the process: try again next time.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
        }
        return task;
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = Service.GetTableClient(options.Value.TablePrefix + name);
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return client;
    }
}
