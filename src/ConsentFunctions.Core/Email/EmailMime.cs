using ConsentFunctions.Core.Validation;
using MimeKit;

namespace ConsentFunctions.Core.Email;

/// <summary>
/// Turns an <see cref="EmailMessage"/> into the MIME message sent: multipart/alternative with the
/// plain text and the HTML, a Message-Id derived from the message's id (the same on every retry),
/// and the one-click unsubscribe headers of RFC 8058 when the email goes to a person.
/// A message that cannot be sent as it is (an address that is not one, an unsubscribe URL that is
/// not an absolute http(s) URL) is a <see cref="FormatException"/>: retrying would not fix it.
/// </summary>
public static class EmailMime
{
    /// <summary>RFC 8058: the body a mail client posts to the List-Unsubscribe URL.</summary>
    public const string OneClick = "List-Unsubscribe=One-Click";

    public static MimeMessage Build(EmailMessage message, MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        var mime = new MimeMessage();
        mime.From.Add(from);
        foreach (var address in message.To)
        {
            mime.To.Add(Recipient(address));
        }
        mime.Subject = message.Subject;
        mime.Date = date;
        mime.MessageId = MessageId(message.Id, from.Domain);
        if (message.UnsubscribeUrl is { } url)
        {
            mime.Headers.Add(HeaderId.ListUnsubscribe, "<" + UnsubscribeUrl(url) + ">");
            mime.Headers.Add("List-Unsubscribe-Post", OneClick);
        }
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// "{id}@{domain}": the id itself when it is made of safe characters (breach ids, hashes), else
    /// the first 32 hex digits of its SHA-256, so the Message-Id is valid and the same on each retry.
    /// </summary>
    public static string MessageId(string id, string domain)
    {
        ArgumentNullException.ThrowIfNull(id);
        var local = id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && id[0] != '.' && id[^1] != '.' && !id.Contains("..", StringComparison.Ordinal)
            ? id
            : Hashing.Sha256Text.Hex(id)[..32];
        return local + "@" + (string.IsNullOrEmpty(domain) ? "localhost" : domain);
    }

    /// <summary>A bare address ("person@example.fr"), nothing else: no display name, no group, no list.</summary>
    public static MailboxAddress Recipient(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254 || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';')
            || !MailboxAddress.TryParse(address, out var mailbox) || !string.IsNullOrEmpty(mailbox.Name) || !mailbox.Address.Contains('@', StringComparison.Ordinal)
            || mailbox.Route.Count > 0)
        {
            throw new FormatException("A recipient is not an email address.");
        }
        return mailbox;
    }

    private static string UnsubscribeUrl(string url)
    {
        if (url.Length > 2000 || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>')
            || !HttpUrls.IsValid(url))
        {
            throw new FormatException("The unsubscribe URL is not an absolute http(s) URL.");
        }
        return url;
    }
}
