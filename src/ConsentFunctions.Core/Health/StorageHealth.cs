using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ConsentFunctions.Core.Health;

/// <summary>
/// Whether table and queue storage answer. A bounded probe: both services are asked at once and
/// the answer is "unhealthy" after <see cref="Deadline"/>, whatever the SDK's retries would do
/// (they would take tens of seconds against a storage that refuses connections), so the health
/// route answers 503 within 2 seconds and a load balancer can act on it.
/// </summary>
public sealed class StorageHealth(TableServiceClient tables, QueueServiceClient queues)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1.5);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var probes = Task.WhenAll(ProbeTablesAsync(deadline.Token), ProbeQueuesAsync(deadline.Token));
        // The SDK's transport honours the token, but a probe must never outlive its deadline.
        var finished = await Task.WhenAny(probes, Task.Delay(Deadline + TimeSpan.FromMilliseconds(200), CancellationToken.None));
        if (finished != probes)
        {
            _ = probes.ContinueWith(static t => t.Exception, TaskScheduler.Default); // observed, ignored
            return false;
        }
        try
        {
            await probes;
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            return false;
        }
    }

    private async Task ProbeTablesAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            break;
        }
    }

    private async Task ProbeQueuesAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            break;
        }
    }
}
