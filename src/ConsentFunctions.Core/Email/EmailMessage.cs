using System.Text.Json;
using ConsentFunctions.Core.Json;

namespace ConsentFunctions.Core.Email;

/// <summary>
/// A message of queue confirmation-emails: one email, composed by whoever asks for it (a double
/// opt-in confirmation, a breach deadline alert) and sent as it is by the email sender. The queue
/// keeps it until the SMTP server has accepted it; <see cref="Id"/> is stable across retries and
/// becomes the Message-Id, so a retry after an unacknowledged send is recognisable downstream.
/// </summary>
/// <param name="Id">Stable id of this email (derived from what caused it, never random per try).</param>
/// <param name="Kind">What the email is for: <see cref="EmailKinds"/>.</param>
/// <param name="To">The recipients' addresses.</param>
/// <param name="Language">The language of the text: "fr" or "en".</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body (already encoded).</param>
/// <param name="UnsubscribeUrl">One-click unsubscribe URL for the List-Unsubscribe headers (RFC 8058), when the email goes to a person.</param>
public sealed record EmailMessage(
    string Id,
    string Kind,
    IReadOnlyList<string> To,
    string Language,
    string Subject,
    string Text,
    string Html,
    string? UnsubscribeUrl = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static EmailMessage Parse(string text)
    {
        var message = JsonSerializer.Deserialize<EmailMessage>(text, JsonDefaults.Options) ?? throw new FormatException("Empty email message.");
        if (string.IsNullOrEmpty(message.Id) || string.IsNullOrEmpty(message.Kind) || message.To is not { Count: > 0 }
            || string.IsNullOrEmpty(message.Subject) || string.IsNullOrEmpty(message.Text) || string.IsNullOrEmpty(message.Html))
        {
            throw new FormatException("An email message lacks a field.");
        }
        return message;
    }
}

/// <summary>The kinds of <see cref="EmailMessage"/>.</summary>
public static class EmailKinds
{
    public const string Confirmation = "confirmation";
    public const string BreachAlert = "breach-alert";
}
