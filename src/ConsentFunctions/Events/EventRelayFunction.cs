using ConsentFunctions.Core.Events;
using ConsentFunctions.Http;
using ConsentFunctions.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Events;

/// <summary>
/// Relays an outbox row of consent events to the log and the delivery queue. It throws when that
/// is not stored, so the host retries the message; the row stays until the relay succeeds.
/// </summary>
public sealed class EventRelayFunction(EventRelay relay)
{
    [Function("DeliverConsentEvents")]
    public Task Run([QueueTrigger(QueueNames.ConsentEvents)] string message)
        => relay.RelayAsync(OutboxMessage.Parse(message), Writes.NeverCancelled);
}
