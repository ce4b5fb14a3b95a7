using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Events;

/// <summary>A delivery given up on, as queue consent-deliveries-poison keeps it: where to find the event, and why. No body, so no identifier.</summary>
public sealed record ParkedDelivery(string Destination, string EventId, string Type, string LogDay, string LogRowKey, int Attempts, string Reason, DateTimeOffset ParkedAt)
{
    public static ParkedDelivery Parse(string text) => JsonSerializer.Deserialize<ParkedDelivery>(text, JsonDefaults.Options) ?? throw new FormatException("Empty parked delivery.");
}

/// <summary>
/// The queue function's work for consent-deliveries: posts one event to one destination, signed.
/// Within an attempt the HTTP client retries quickly (Microsoft.Extensions.Http.Resilience); an
/// attempt that still fails puts the next attempt on the queue, hidden for Events:RetryDelay
/// doubled per attempt with jitter, and after Events:MaxAttempts the delivery is parked on
/// consent-deliveries-poison with its reason. The message is removed (by returning) only once
/// the next step is stored. A redirect is a failure: the body never follows it.
/// </summary>
public sealed partial class WebhookDelivery(IHttpClientFactory httpClients, ConsentQueues queues, IOptions<EventOptions> options, TimeProvider time, ILogger<WebhookDelivery> logger)
{
    public const string ClientName = "consent-events-webhook";

    public async Task DeliverAsync(DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var destination = settings.Destination(message.Destination);
        if (destination is null)
        {
            await ParkAsync(message, "The destination is no longer configured.", cancellationToken);
            return;
        }
        var failure = await PostAsync(destination, message, cancellationToken);
        if (failure is null)
        {
            LogDelivered(logger, message.EventId, destination.Name, message.Attempt);
            return;
        }
        LogAttemptFailed(logger, message.EventId, destination.Name, message.Attempt, failure);
        if (message.Attempt >= settings.MaxAttempts)
        {
            await ParkAsync(message, failure, cancellationToken);
            return;
        }
        var queue = await queues.GetAsync(QueueNames.ConsentDeliveries);
        await queue.SendMessageAsync((message with { Attempt = message.Attempt + 1 }).ToJson(),
            visibilityTimeout: Backoff(settings.RetryDelay, message.Attempt), cancellationToken: cancellationToken);
    }

    /// <summary>Null when the destination answered 2xx; else why not (a status or the kind of network failure).</summary>
    private async Task<string?> PostAsync(EventDestination destination, DeliveryMessage message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, destination.Uri);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ConsentEvent.ContentType);
        request.Headers.TryAddWithoutValidation(EventSignature.Header, EventSignature.Sign(destination.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation("Consent-Event-Id", message.EventId);
        try
        {
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? null
                : status is >= 300 and < 400 ? $"The destination answered {status} (a redirect, not followed)."
                : $"The destination answered {status}.";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return e is HttpRequestException ? "No answer: the connection failed." : "No answer within Events:Timeout.";
        }
    }

    private async Task ParkAsync(DeliveryMessage message, string reason, CancellationToken cancellationToken)
    {
        var parked = new ParkedDelivery(message.Destination, message.EventId, message.Type, message.LogDay, message.LogRowKey, message.Attempt, reason, time.GetUtcNow());
        var poison = await queues.GetAsync(QueueNames.Poison(QueueNames.ConsentDeliveries));
        await poison.SendMessageAsync(JsonSerializer.Serialize(parked, JsonDefaults.Options), cancellationToken);
        LogParked(logger, message.EventId, message.Destination, message.Attempt);
    }

    /// <summary>delay × 2^(attempt-1), ±20 % so that deliveries failed together do not come back together; at most a day.</summary>
    internal static TimeSpan Backoff(TimeSpan delay, int attempt)
    {
        var doubled = delay.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var jittered = doubled * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromSeconds(Math.Min(jittered, TimeSpan.FromDays(1).TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} delivered to {Destination} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string eventId, string destination, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} to {Destination}: attempt {Attempt} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventId, string destination, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} to {Destination} parked on the poison queue after {Attempts} attempts")]
    private static partial void LogParked(ILogger logger, string eventId, string destination, int attempts);
}
