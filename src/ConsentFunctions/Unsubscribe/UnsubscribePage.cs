using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using Microsoft.AspNetCore.Http;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFunctions.Unsubscribe;

/// <summary>
/// The human pages of the unsubscribe link, in French or English (Accept-Language). They name
/// what will stop and never any personal data: the link only knows a keyed hash.
/// </summary>
public static class UnsubscribePage
{
    /// <summary>The link's own language when it has one (the subject's, from the mailing tool), else the browser's.</summary>
    public static bool PrefersFrench(HttpRequest request, string linkLanguage = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        if (linkLanguage.Length > 0)
        {
            return linkLanguage == "fr";
        }
        var languages = request.GetTypedHeaders().AcceptLanguage;
        var best = languages.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "").FirstOrDefault(l => l.Length >= 2 && l != "*");
        return best is null || best.StartsWith("fr", StringComparison.OrdinalIgnoreCase) || !best.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }

    public static IActionResult Confirm(bool french, string channel, string purpose, string postUrl)
        => Page(StatusCodes.Status200OK, french,
            french ? "Se désinscrire" : "Unsubscribe",
            $"<p>{Encode(What(french, channel, purpose))}</p>"
            + $"<form method=\"post\" action=\"{Encode(postUrl)}\">"
            + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            + "<input type=\"hidden\" name=\"source\" value=\"page\">"
            + $"<button type=\"submit\">{(french ? "Confirmer la désinscription" : "Confirm unsubscribe")}</button></form>");

    public static IActionResult Done(bool french, string channel, string purpose)
        => Page(StatusCodes.Status202Accepted, french,
            french ? "Désinscription enregistrée" : "Unsubscribe received",
            $"<p>{Encode(french ? "C'est noté : " : "Done: ")}{Encode(Stopped(french, channel, purpose))}</p>");

    public static IActionResult Invalid(bool french)
        => Page(StatusCodes.Status400BadRequest, french,
            french ? "Lien non valide" : "Invalid link",
            $"<p>{Encode(french ? "Ce lien de désinscription n'est pas valide. Utilisez le lien complet reçu dans le message." : "This unsubscribe link is not valid. Use the whole link from the message.")}</p>");

    private static string What(bool french, string channel, string purpose)
        => french
            ? $"Vous ne recevrez plus de messages ({PurposeName(true, purpose)}) par {ChannelName(true, channel)}."
            : $"You will no longer receive {PurposeName(false, purpose)} messages by {ChannelName(false, channel)}.";

    private static string Stopped(bool french, string channel, string purpose)
        => french
            ? $"vous ne recevrez plus de messages ({PurposeName(true, purpose)}) par {ChannelName(true, channel)}. Cela peut prendre quelques secondes."
            : $"you will no longer receive {PurposeName(false, purpose)} messages by {ChannelName(false, channel)}. It may take a few seconds.";

    private static string ChannelName(bool french, string channel) => (french, channel) switch
    {
        (true, "email") => "e-mail",
        (true, "sms") => "SMS",
        (true, "phone") => "téléphone",
        (true, "automated-call") => "appel automatisé",
        (true, "fax") => "fax",
        (true, "postal") => "courrier",
        (false, "automated-call") => "automated call",
        (false, "postal") => "post",
        (false, "sms") => "SMS",
        _ => channel,
    };

    private static string PurposeName(bool french, string purpose) => (french, purpose) switch
    {
        (true, "marketing") => "offres commerciales",
        (true, "partner-sharing") => "transmission à nos partenaires",
        (true, "non-commercial") => "appels non commerciaux",
        (false, "partner-sharing") => "partner",
        (false, "non-commercial") => "non-commercial",
        _ => purpose,
    };

    // Accented letters stay as they are (the page is UTF-8); markup characters are encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Html.Encode(text);

    private static TextBodyResult Page(int status, bool french, string title, string body)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(french ? "fr" : "en").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style>")
            .Append("</head><body><h1>").Append(Encode(title)).Append("</h1>").Append(body).Append("</body></html>");
        return new TextBodyResult(status, "text/html; charset=utf-8", html.ToString());
    }
}
