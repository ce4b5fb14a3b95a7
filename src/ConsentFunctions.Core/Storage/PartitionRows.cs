using Azure;
using Azure.Data.Tables;

namespace ConsentFunctions.Core.Storage;

/// <summary>Reading and deleting the rows of one partition, shared by the retention sweep and erasure.</summary>
public static class PartitionRows
{
    public static async Task<List<TableEntity>> ReadAsync(TableClient table, string partition, CancellationToken ct, IEnumerable<string>? select = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: select, cancellationToken: ct))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Deletes rows as they were read: one transaction per 100 rows, each with its own ETag. A row
    /// deleted by someone else first is not an error; a row changed since it was read (a newer
    /// write) is left in place for the next look, which the writer's own index entry schedules.
    /// </summary>
    public static async Task DeleteAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), ct);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
            {
                foreach (var row in chunk)
                {
                    await DeleteIgnoringMissingAsync(table, row.PartitionKey, row.RowKey, row.ETag, ct);
                }
            }
        }
    }

    public static async Task DeleteIgnoringMissingAsync(TableClient table, string partitionKey, string rowKey, ETag etag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, etag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or changed meanwhile by a newer write: nothing to undo.
        }
    }
}
