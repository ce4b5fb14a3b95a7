using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Storage;

/// <summary>Hands out table clients, each table created once per process on first use.</summary>
public sealed class ConsentTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly CreatedOnce<TableClient> _tables = new(async name =>
    {
        var client = service.GetTableClient(options.Value.TablePrefix + name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> GetAsync(string name) => _tables.GetAsync(name);
}
