using System.Text.Json;
using ConsentFunctions.Core.Settings;
using ConsentFunctions.Core.Storage;
using MimeKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Email;

/// <summary>
/// What the queue function of confirmation-emails does with one message: parse it, build the
/// MIME message, send it over SMTP. A send that fails is thrown, so the queue keeps the message,
/// retries it and finally moves it to its poison queue for operators. A message that can never be
/// sent as it is (not JSON, a field missing, a recipient that is not an address) is parked in the
/// poison queue at once and not thrown: retrying it would only loop.
/// <para>
/// With no <c>Smtp:Host</c>, off Azure and on the local host only, the email is shown by
/// <see cref="ILocalEmailOutput"/> (the console) instead of being sent. In Azure it is thrown like
/// any failed send: start-up validation requires the host there whenever emails are configured.
/// </para>
/// Logs name the email's id and kind and how many recipients it has, never an address or a text.
/// </summary>
public sealed partial class EmailDelivery(
    SmtpEmailSender sender,
    ConsentQueues queues,
    HostExposure exposure,
    TimeProvider time,
    IOptions<SmtpOptions> options,
    ILogger<EmailDelivery> logger,
    ILocalEmailOutput? localOutput = null)
{
    /// <summary>The sender used when none is set (local console only: nothing is sent then).</summary>
    private static readonly MailboxAddress LocalSender = new(string.Empty, "consent@localhost");

    public async Task DeliverAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = options.Value;
        // Outside the try below: a bad setting is not the message's fault (and start-up checks it).
        var from = string.IsNullOrWhiteSpace(settings.Host) ? LocalSender : MailboxAddress.Parse(settings.From);
        EmailMessage message;
        MimeMessage mime;
        try
        {
            message = EmailMessage.Parse(text);
            mime = EmailMime.Build(message, from, time.GetUtcNow());
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            await ParkAsync(text, cancellationToken);
            LogParked(logger, e.GetType().Name);
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            // Two locks: only the local host registers an output, and never where Azure says it runs.
            if (localOutput is not null && !exposure.InAzure)
            {
                localOutput.Show(message);
                return;
            }
            LogNoHost(logger, message.Id, message.Kind);
            throw new InvalidOperationException("Smtp:Host is not set: the email stays on the queue, then in its poison queue.");
        }

        await sender.SendAsync(mime, cancellationToken);
        LogSent(logger, message.Id, message.Kind, message.To.Count);
    }

    private async Task ParkAsync(string text, CancellationToken cancellationToken)
    {
        var poison = await queues.GetAsync(QueueNames.Poison(QueueNames.ConfirmationEmails));
        await poison.SendMessageAsync(text, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} ({Kind}) sent to {Recipients} recipient(s)")]
    private static partial void LogSent(ILogger logger, string emailId, string kind, int recipients);

    [LoggerMessage(Level = LogLevel.Error, Message = "An email message could not be read ({ExceptionType}): moved to the poison queue of confirmation-emails, not sent")]
    private static partial void LogParked(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {EmailId} ({Kind}) not sent: Smtp:Host is not set; it will be retried, then moved to the poison queue")]
    private static partial void LogNoHost(ILogger logger, string emailId, string kind);
}
