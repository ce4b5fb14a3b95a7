using System.Text.Json;
using Azure.Storage.Queues;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Events;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Events;

public static class EventCalls
{
    public const string Secret = "events-secret-7c41-tests-only";

    /// <summary>Settings for destinations on the receiver: name → path, every event type, quick retries.</summary>
    public static Dictionary<string, string?> Settings(EventReceiver receiver, params (string Name, string Path)[] destinations)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Events:MaxAttempts"] = "3",
            ["Events:RetryDelay"] = "00:00:00",
            ["Events:HttpRetries"] = "1",
            ["Events:HttpRetryDelay"] = "00:00:00.010",
            ["Events:Timeout"] = "00:00:00.300",
        };
        for (var i = 0; i < destinations.Length; i++)
        {
            settings[$"Events:Destinations:{i}:Name"] = destinations[i].Name;
            settings[$"Events:Destinations:{i}:Url"] = receiver.Url(destinations[i].Path);
            settings[$"Events:Destinations:{i}:Secret"] = Secret + destinations[i].Name;
        }
        return settings;
    }

    public static Task<QueueClient> QueueAsync(this FunctionTestApp app, string name)
        => app.Services.GetRequiredService<ConsentQueues>().GetAsync(name);

    /// <summary>What the queue trigger of consent-events does: relay each outbox row, then delete the message.</summary>
    public static Task<int> RelayAsync(this FunctionTestApp app)
        => DrainAsync(app, QueueNames.ConsentEvents, text => app.Function<EventRelayFunction>().Run(text));

    /// <summary>What the queue trigger of consent-deliveries does, until the queue is empty (retries included).</summary>
    public static Task<int> DeliverAsync(this FunctionTestApp app)
        => DrainAsync(app, QueueNames.ConsentDeliveries, text => app.Function<WebhookDeliveryFunction>().Run(text));

    /// <summary>An act's events, relayed and delivered.</summary>
    public static async Task FlushAsync(this FunctionTestApp app)
    {
        await app.RelayAsync();
        await app.DeliverAsync();
    }

    public static async Task<List<ParkedDelivery>> ParkedAsync(this FunctionTestApp app)
    {
        var poison = await app.QueueAsync(QueueNames.Poison(QueueNames.ConsentDeliveries));
        return (await poison.PeekMessagesAsync(32)).Value.Select(m => ParkedDelivery.Parse(m.Body.ToString())).ToList();
    }

    public static async Task<List<string>> PeekAsync(this FunctionTestApp app, string queueName)
    {
        var queue = await app.QueueAsync(queueName);
        return (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
    }

    public static JsonElement Json(this ReceivedEvent received) => JsonDocument.Parse(received.Body).RootElement;

    public static ConsentEvent Event(this ReceivedEvent received) => JsonSerializer.Deserialize<ConsentEvent>(received.Body, JsonDefaults.Options)!;

    private static async Task<int> DrainAsync(FunctionTestApp app, string queueName, Func<string, Task> run)
    {
        var queue = await app.QueueAsync(queueName);
        var handled = 0;
        // Retries are queued with a visibility delay of zero in tests: the queue is empty once every delivery is settled.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    return handled;
                }
                continue;
            }
            foreach (var m in messages)
            {
                await run(m.Body.ToString());
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
        }
        throw new TimeoutException("Queue " + queueName + " did not drain.");
    }
}
