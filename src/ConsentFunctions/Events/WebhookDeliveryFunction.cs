using ConsentFunctions.Core.Events;
using ConsentFunctions.Http;
using ConsentFunctions.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Events;

/// <summary>
/// Posts one event to one destination. A failed post is not thrown: the next attempt is queued
/// with back-off (or the delivery parked with its reason) before this message is removed.
/// </summary>
public sealed class WebhookDeliveryFunction(WebhookDelivery delivery)
{
    [Function("PostConsentEvent")]
    public Task Run([QueueTrigger(QueueNames.ConsentDeliveries)] string message)
        => delivery.DeliverAsync(DeliveryMessage.Parse(message), Writes.NeverCancelled);
}
