using ConsentFunctions.Core.Events;
using ConsentFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Events;

/// <summary>
/// Every minute by default (setting <c>Events:SweepSchedule</c>): queues again the outbox rows
/// whose first message was lost (the process died between the act and the enqueue), and drops
/// the event log's days older than Events:RetentionDays.
/// </summary>
public sealed class EventSweepFunction(EventOutbox outbox, EventLog log)
{
    [Function("SweepConsentEvents")]
    public async Task Run([TimerTrigger("%Events:SweepSchedule%")] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await outbox.RequeueStaleAsync(Writes.NeverCancelled);
        await log.SweepAsync(Writes.NeverCancelled);
    }
}
