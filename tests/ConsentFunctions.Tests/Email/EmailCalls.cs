using Azure.Storage.Queues;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Emails;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

// Not ...Tests.Email: that namespace would hide DecisionCalls.Email(...) in the other test namespaces.
namespace ConsentFunctions.Tests.Emails;

/// <summary>What the tests do with queue confirmation-emails, as the queue trigger does it.</summary>
public static class EmailCalls
{
    /// <summary>Settings of a test app whose emails go to <paramref name="smtp"/>, plus any others.</summary>
    public static Dictionary<string, string?> With(this SmtpTestServer smtp, params (string Key, string? Value)[] more)
    {
        var settings = smtp.Settings();
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static Task<QueueClient> EmailQueueAsync(this FunctionTestApp app, bool poison = false)
        => app.Services.GetRequiredService<ConsentQueues>().GetAsync(poison ? QueueNames.Poison(QueueNames.ConfirmationEmails) : QueueNames.ConfirmationEmails);

    public static Task EnqueueEmailAsync(this FunctionTestApp app, EmailMessage message)
        => app.Services.GetRequiredService<EmailOutbox>().EnqueueAsync(message, CancellationToken.None);

    /// <summary>Messages on the queue (or its poison queue), visible or not.</summary>
    public static async Task<int> QueuedEmailsAsync(this FunctionTestApp app, bool poison = false)
        => (await (await app.EmailQueueAsync(poison)).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public static async Task<List<string>> PoisonedEmailsAsync(this FunctionTestApp app)
        => (await (await app.EmailQueueAsync(poison: true)).PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();

    /// <summary>
    /// One pass of the queue trigger over every visible message: the function runs; a message is
    /// deleted when it returned, and made visible again when it threw (the trigger's retry).
    /// Answers how many were handled and how many threw.
    /// </summary>
    public static async Task<(int Sent, int Failed)> SendQueuedEmailsAsync(this FunctionTestApp app)
    {
        var queue = await app.EmailQueueAsync();
        var (sent, failed) = (0, 0);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var again = false;
        while (!again)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (messages.Length == 0)
            {
                break;
            }
            foreach (var m in messages)
            {
                if (!seen.Add(m.MessageId))
                {
                    // Back already from a failure of this pass: left to the next pass.
                    await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1));
                    again = true;
                    continue;
                }
                try
                {
                    await app.Function<EmailSendFunction>().Run(m.Body.ToString());
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                    sent++;
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    failed++;
                    // Visible again shortly, as after host.json's visibilityTimeout.
                    await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1));
                }
            }
        }
        return (sent, failed);
    }

    /// <summary>An email as a producer composes it: to one person, with an unsubscribe link.</summary>
    public static EmailMessage Sample(string to, string? id = null) => new(
        id ?? "confirm-" + Guid.NewGuid().ToString("N"),
        EmailKinds.Confirmation,
        [to],
        "fr",
        "Confirmez votre inscription à Boutique Exemple",
        "Bonjour,\nConfirmez votre inscription : https://consent.example.fr/api/confirm?token=abc\nBoutique Exemple\n",
        "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour,</p><p><a href=\"https://consent.example.fr/api/confirm?token=abc\">Confirmer</a></p><p>Boutique &amp; Exemple</p></body></html>",
        "https://consent.example.fr/api/unsubscribe?token=xyz");
}
