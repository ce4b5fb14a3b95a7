using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Email;

/// <summary>
/// Puts an email on queue confirmation-emails: durable once this returns, sent by the queue
/// function (ConsentFunctions/Email/EmailSendFunction.cs) with retries. Producers compose, the
/// sender sends what is on the queue.
/// </summary>
public sealed class EmailOutbox(ConsentQueues queues)
{
    public async Task EnqueueAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await queues.GetAsync(QueueNames.ConfirmationEmails);
        await queue.SendMessageAsync(message.ToJson(), cancellationToken);
    }
}
