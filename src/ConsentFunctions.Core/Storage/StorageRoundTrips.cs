using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Counts the requests the storage clients send (retries included). The benchmarks read it to
/// report storage round trips per operation; it holds numbers only, never a URL.
/// </summary>
public sealed class StorageRoundTrips : HttpPipelinePolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
    }
}
