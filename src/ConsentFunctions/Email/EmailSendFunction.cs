using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Http;
using Microsoft.Azure.Functions.Worker;

// Not ConsentFunctions.Email: a namespace of that name would hide the tests' Email(...) helpers
// (DecisionCalls.Email) in every test namespace under ConsentFunctions.
namespace ConsentFunctions.Emails;

/// <summary>
/// Sends the emails of queue confirmation-emails over SMTP. It throws when the server did not
/// take the email, so the host keeps the message, retries it, then moves it to the poison queue:
/// never lost. A message that cannot be read is parked there at once (Core/Email/EmailDelivery.cs).
/// </summary>
public sealed class EmailSendFunction(EmailDelivery delivery)
{
    [Function("SendEmail")]
    public Task Run([QueueTrigger(QueueNames.ConfirmationEmails)] string message)
        => delivery.DeliverAsync(message, Writes.NeverCancelled);
}
