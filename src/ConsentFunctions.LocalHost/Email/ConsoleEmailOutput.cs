using ConsentFunctions.Core.Email;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.LocalHost.Email;

/// <summary>
/// The local host's stand-in for an SMTP server when <c>Smtp:Host</c> is empty: each email's
/// subject and plain text (with its links) go to the console log, so the README's run command shows
/// a confirmation link without any mail server. This writes personal data to a log, which is why
/// only this development host registers it and Core/Email/EmailDelivery.cs never calls it in Azure.
/// </summary>
public sealed partial class ConsoleEmailOutput(ILogger<ConsoleEmailOutput> logger) : ILocalEmailOutput
{
    public void Show(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogEmail(logger, message.Id, message.Kind, message.Subject, message.Text);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Email {EmailId} ({Kind}) NOT SENT (Smtp:Host is empty; local development only). Subject: {Subject}\n{Text}")]
    private static partial void LogEmail(ILogger logger, string emailId, string kind, string subject, string text);
}
