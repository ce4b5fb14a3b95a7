using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ConsentFunctions.Core.Email;

namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>
/// The confirmation email, in the form's language (French or English): names the business, quotes
/// what the person is said to have accepted, gives the link, and says that doing nothing records
/// nothing. Plain text and HTML; every value the HTML shows is encoded.
/// </summary>
public static class ConfirmationEmail
{
    // A quoted wording is cut there: the message must fit a queue message whatever the form posted.
    private const int MaxQuotedLength = 500;

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The email's id: one per receipt, so a retried relay sends a message the sender recognises.</summary>
    public static string IdOf(string receiptId) => "confirmation-" + receiptId;

    public static EmailMessage Compose(string receiptId, string to, string language, string business, IReadOnlyList<string> wordings,
        string link, DateTimeOffset confirmBy, string unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(wordings);
        var french = language == "fr";
        var until = french
            ? confirmBy.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))
            : confirmBy.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var quotes = wordings.Select(Quote).ToList();
        var subject = french ? $"Confirmez votre inscription auprès de {business}" : $"Please confirm your subscription to {business}";
        var intro = french
            ? $"Quelqu'un, sans doute vous, a demandé à recevoir des messages de {business} à cette adresse, en acceptant\u00a0:"
            : $"Someone, probably you, asked to receive messages from {business} at this address, accepting:";
        var action = french ? "Pour le confirmer, ouvrez ce lien puis appuyez sur le bouton de la page\u00a0:" : "To confirm, open this link and press the button on the page:";
        var nothing = french
            ? $"Si ce n'est pas vous, ne faites rien\u00a0: sans confirmation avant le {until}, rien ne sera envoyé et cette demande sera effacée."
            : $"If it was not you, do nothing: without a confirmation by {until}, nothing will be sent and this request will be deleted.";
        var button = french ? "Confirmer mon inscription" : "Confirm my subscription";

        var text = new StringBuilder();
        text.Append(intro).Append("\n\n");
        foreach (var q in quotes)
        {
            text.Append("  « ").Append(q).Append(" »\n");
        }
        text.Append('\n').Append(action).Append('\n').Append(link).Append("\n\n").Append(nothing).Append('\n');

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(french ? "fr" : "en").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Html.Encode(subject)).Append("</title></head><body><p>").Append(Html.Encode(intro)).Append("</p><ul>");
        foreach (var q in quotes)
        {
            html.Append("<li>« ").Append(Html.Encode(q)).Append(" »</li>");
        }
        html.Append("</ul><p>").Append(Html.Encode(action)).Append("</p><p><a href=\"").Append(Html.Encode(link)).Append("\">")
            .Append(Html.Encode(button)).Append("</a></p><p>").Append(Html.Encode(nothing)).Append("</p></body></html>");

        return new EmailMessage(IdOf(receiptId), EmailKinds.Confirmation, [to], language, subject, text.ToString(), html.ToString(), unsubscribeUrl);
    }

    private static string Quote(string wording)
    {
        if (wording.Length <= MaxQuotedLength)
        {
            return wording;
        }
        var cut = char.IsHighSurrogate(wording[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength; // never half a character
        return wording[..cut].TrimEnd() + "…";
    }
}
