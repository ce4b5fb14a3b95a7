using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Hands out queue clients, each queue created once per process on first use. Every client comes
/// from the one <see cref="QueueServiceClient"/>, whose options fix the message encoding the whole
/// app uses (base64, as host.json's extensions.queues.messageEncoding says).
/// </summary>
public sealed class ConsentQueues(QueueServiceClient service, IOptions<StorageOptions> options)
{
    private readonly CreatedOnce<QueueClient> _queues = new(async name =>
    {
        var client = service.GetQueueClient(options.Value.QueuePrefix + name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<QueueClient> GetAsync(string name) => _queues.GetAsync(name);
}
