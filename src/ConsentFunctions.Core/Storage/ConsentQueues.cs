using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Hands out queue clients, creating each queue once per process on first use. Every client comes
/// from the one <see cref="QueueServiceClient"/>, whose options fix the message encoding the whole
/// app uses (base64, as host.json's extensions.queues.messageEncoding says).
/// </summary>
public sealed class ConsentQueues(QueueServiceClient service, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);

    public QueueServiceClient Service { get; } = service;

    public Task<QueueClient> GetAsync(string name)
    {
        var lazy = _queues.GetOrAdd(name, n => new Lazy<Task<QueueClient>>(() => CreateAsync(n)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _queues.TryRemove(new KeyValuePair<string, Lazy<Task<QueueClient>>>(name, lazy));
        }
        return task;
    }

    private async Task<QueueClient> CreateAsync(string name)
    {
        var client = Service.GetQueueClient(options.Value.QueuePrefix + name);
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return client;
    }
}
