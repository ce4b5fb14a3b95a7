using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Unsubscribe;

/// <summary>
/// Applies queued unsubscribe requests. It throws when the withdrawal is not stored, so the host
/// keeps the message and retries it, then moves it to the poison queue: never lost.
/// </summary>
public sealed class WithdrawalFunction(UnsubscribeQueue requests)
{
    [Function("ApplyUnsubscribe")]
    public Task Run([QueueTrigger(QueueNames.UnsubscribeRequests)] string message)
        => requests.ApplyAsync(UnsubscribeMessage.Parse(message), Writes.NeverCancelled);
}
