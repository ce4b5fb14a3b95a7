using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Counts the requests the storage clients send (retries included). The benchmarks read it to
/// report storage round trips per operation; it holds numbers only, never a URL. Requests sent by
/// background work (the local host's queue and timer dispatchers, which mark their flow with
/// <see cref="MarkBackground"/>) are counted apart, so that an HTTP operation's figure is its own
/// and not the relay or sweep that happened to run beside it.
/// </summary>
public sealed class StorageRoundTrips : HttpPipelinePolicy
{
    private static readonly AsyncLocal<bool> InBackground = new();
    private long _count;
    private long _background;

    /// <summary>Requests sent on behalf of callers (HTTP requests, tests, benchmarks).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests sent by background work.</summary>
    public long BackgroundCount => Interlocked.Read(ref _background);

    /// <summary>
    /// Counts the storage requests of the calling flow (and of the tasks it starts) as background
    /// work. Called at the start of an async method, it holds until that method returns.
    /// </summary>
    public static void MarkBackground() => InBackground.Value = true;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Increment();
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Increment();
        return ProcessNextAsync(message, pipeline);
    }

    private void Increment()
    {
        if (InBackground.Value)
        {
            Interlocked.Increment(ref _background);
        }
        else
        {
            Interlocked.Increment(ref _count);
        }
    }
}
