using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ConsentFunctions.Core.Health;

/// <summary>Whether table and queue storage answer, within a short deadline.</summary>
public sealed class StorageHealth(TableServiceClient tables, QueueServiceClient queues)
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: deadline.Token).AsPages().ConfigureAwait(false))
            {
                break;
            }
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: deadline.Token).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            return false;
        }
    }
}
