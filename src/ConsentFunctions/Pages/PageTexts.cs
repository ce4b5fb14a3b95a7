using ConsentFunctions.Core;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Pages;

/// <summary>
/// Every text the app's pages show a person, in French and in English, in this one place.
/// Templates take a <see cref="PageTexts"/> and never hold words of their own.
/// </summary>
public sealed class PageTexts
{
    public required string Language { get; init; }

    // Unsubscribe pages
    public required string UnsubscribeTitle { get; init; }
    public required string UnsubscribeButton { get; init; }
    public required string UnsubscribeDoneTitle { get; init; }
    public required string InvalidLinkTitle { get; init; }
    public required string InvalidLinkText { get; init; }
    public required Func<string, string, string> WillStop { get; init; }
    public required Func<string, string, string> Stopped { get; init; }

    // Preference pages
    public required string PreferencesTitle { get; init; }
    public required Func<string, string> PreferencesIntro { get; init; }
    public required string PreferencesLegend { get; init; }
    public required string PreferencesButton { get; init; }
    public required string PreferencesNone { get; init; }
    public required string PreferencesSavedTitle { get; init; }
    public required string PreferencesChanged { get; init; }
    public required string PreferencesUnchanged { get; init; }
    public required string PreferencesLinkText { get; init; }
    public required string PreferencesNotFoundTitle { get; init; }
    public required string PreferencesNotFoundText { get; init; }

    // Confirmation pages (double opt-in)
    public required string ConfirmTitle { get; init; }
    public required Func<string, string> ConfirmIntro { get; init; }
    public required string ConfirmButton { get; init; }
    public required string ConfirmIgnore { get; init; }
    public required string ConfirmedTitle { get; init; }
    public required Func<string, string> ConfirmedText { get; init; }
    public required string ConfirmLinkText { get; init; }
    public required string ConfirmNotFoundTitle { get; init; }
    public required string ConfirmNotFoundText { get; init; }

    // Pages answering a form posted without JavaScript
    public required string ReceivedTitle { get; init; }
    public required string ReceivedText { get; init; }
    public required string ReceiptNumber { get; init; }
    public required string InvalidFormTitle { get; init; }
    public required string InvalidFormText { get; init; }
    public required string FailedTitle { get; init; }
    public required string BackToForm { get; init; }
    public required string UseBackButton { get; init; }
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }
    public required IReadOnlyDictionary<string, string> Reasons { get; init; }
    public required IReadOnlyDictionary<string, string> Problems { get; init; }
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
    public required Func<int, string> Box { get; init; }

    /// <summary>Between a name and what is said of it: French puts a space before the colon.</summary>
    public required string Colon { get; init; }

    /// <summary>What the validator says, in this language (the validator's own words when no translation is known).</summary>
    public required IReadOnlyDictionary<string, string> Messages { get; init; }

    public required IReadOnlyDictionary<string, string> Channels { get; init; }
    public required IReadOnlyDictionary<string, string> Purposes { get; init; }

    public string Channel(string channel) => Channels.GetValueOrDefault(channel, channel);
    public string Purpose(string purpose) => Purposes.GetValueOrDefault(purpose, purpose);
    public string Status(string status, string? reason)
        => Statuses.GetValueOrDefault(status, status) + (reason is null ? "" : " (" + Reasons.GetValueOrDefault(reason, reason) + ")");
    public string Problem(string type, string fallback) => Problems.GetValueOrDefault(type, fallback);
    public string Message(string message) => Messages.GetValueOrDefault(message, message);

    /// <summary>"consents[1].wording" → "Case 2 : texte affiché"; unknown paths are shown as sent.</summary>
    public string Field(string path)
    {
        if (path.StartsWith("consents[", StringComparison.Ordinal))
        {
            var close = path.IndexOf(']', StringComparison.Ordinal);
            if (close > 9 && int.TryParse(path.AsSpan(9, close - 9), out var index))
            {
                var rest = path[(close + 1)..].TrimStart('.');
                var box = Box(index + 1);
                var partIndex = rest.IndexOf('[', StringComparison.Ordinal);
                var part = partIndex < 0 ? rest : rest[..partIndex];
                return part.Length == 0 ? box : box + Colon + Fields.GetValueOrDefault(part, part);
            }
        }
        return Fields.GetValueOrDefault(path, path);
    }

    public static PageTexts For(bool french) => french ? French : English;

    // The business's name when one is configured (Rules:ControllerNames), else the sentence without it.
    private static string Who(string business, string withName, string withoutName)
        => string.IsNullOrWhiteSpace(business) ? withoutName : string.Format(System.Globalization.CultureInfo.InvariantCulture, withName, business);

    public static readonly PageTexts French = new()
    {
        Language = "fr",
        UnsubscribeTitle = "Se désinscrire",
        UnsubscribeButton = "Confirmer la désinscription",
        UnsubscribeDoneTitle = "Désinscription enregistrée",
        InvalidLinkTitle = "Lien non valide",
        InvalidLinkText = "Ce lien de désinscription n'est pas valide. Utilisez le lien complet reçu dans le message.",
        WillStop = (channel, purpose) => $"Vous ne recevrez plus de messages ({purpose}) par {channel}.",
        Stopped = (channel, purpose) => $"C'est noté\u00a0: vous ne recevrez plus de messages ({purpose}) par {channel}. Cela peut prendre quelques secondes.",
        PreferencesTitle = "Vos choix de contact",
        PreferencesIntro = address => $"Les choix enregistrés pour {address}. Une case cochée est une autorisation\u00a0; décochez-la pour la retirer.",
        PreferencesLegend = "Ce que vous acceptez de recevoir",
        PreferencesButton = "Enregistrer mes choix",
        PreferencesNone = "Il n'y a aucun choix à vous proposer pour le moment.",
        PreferencesSavedTitle = "Vos choix sont enregistrés",
        PreferencesChanged = "Ce qui a changé\u00a0:",
        PreferencesUnchanged = "Rien n'a changé\u00a0: vos choix étaient déjà ceux-ci.",
        PreferencesLinkText = "Ce lien n'est pas valide ou a expiré. Utilisez le lien complet reçu dans le message, ou demandez-en un nouveau.",
        PreferencesNotFoundTitle = "Aucun choix à afficher",
        PreferencesNotFoundText = "Nous ne détenons aucun choix lié à ce lien.",
        ConfirmTitle = "Confirmez votre inscription",
        ConfirmIntro = business => Who(business, "Vous avez demandé à recevoir des messages de {0}\u00a0:", "Vous avez demandé à recevoir nos messages\u00a0:"),
        ConfirmButton = "Je confirme",
        ConfirmIgnore = "Si ce n'est pas vous, fermez simplement cette page\u00a0: rien ne sera envoyé.",
        ConfirmedTitle = "Inscription confirmée",
        ConfirmedText = business => Who(business, "Merci\u00a0! Vous recevrez désormais les messages de {0}\u00a0:", "Merci\u00a0! Vous recevrez désormais nos messages\u00a0:"),
        ConfirmLinkText = "Ce lien de confirmation n'est pas valide ou a expiré. Rien n'a été enregistré\u00a0; inscrivez-vous à nouveau si vous le souhaitez.",
        ConfirmNotFoundTitle = "Rien à confirmer",
        ConfirmNotFoundText = "Nous ne détenons aucune demande liée à ce lien.",
        ReceivedTitle = "Merci, vos choix sont enregistrés",
        ReceivedText = "Voici ce qui a été enregistré\u00a0:",
        ReceiptNumber = "Numéro de reçu\u00a0:",
        InvalidFormTitle = "Le formulaire n'a pas pu être envoyé",
        InvalidFormText = "Rien n'a été enregistré. Corrigez ceci puis envoyez le formulaire à nouveau\u00a0:",
        FailedTitle = "L'envoi n'a pas abouti",
        BackToForm = "Revenir au formulaire",
        UseBackButton = "Revenez au formulaire avec le bouton « Précédent » de votre navigateur.",
        Box = n => $"Case {n}",
        Colon = "\u00a0: ",
        Statuses = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["given"] = "accepté", ["refused"] = "refusé", ["invalid"] = "non valable", ["withdrawn"] = "retiré",
            ["pending"] = "en attente de votre confirmation par e-mail",
        },
        Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pre-ticked"] = "case cochée d'avance", ["bundled"] = "liée aux conditions de vente",
            ["missing-wording"] = "texte absent", ["missing-partners"] = "partenaires non nommés",
            ["double-opt-in"] = "ouvrez le lien reçu", ["re-permission"] = "ouvrez le lien reçu",
        },
        Problems = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["origin-not-allowed"] = "Ce site n'est pas autorisé à envoyer ce formulaire. Rien n'a été enregistré.",
            ["payload-too-large"] = "Le formulaire envoyé est trop volumineux. Rien n'a été enregistré.",
            ["unsupported-media-type"] = "Le formulaire a été envoyé dans un format non pris en charge. Rien n'a été enregistré.",
            ["malformed"] = "Le formulaire reçu est illisible. Rien n'a été enregistré.",
            ["submission-conflict"] = "Ce formulaire a déjà été envoyé avec d'autres réponses. Rien de nouveau n'a été enregistré.",
            ["storage-unavailable"] = "Le service est momentanément indisponible. Rien n'a été enregistré\u00a0: réessayez dans quelques instants.",
            ["internal"] = "Une erreur s'est produite. Rien n'a été enregistré\u00a0: réessayez dans quelques instants.",
        },
        Fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["$"] = "formulaire", ["subject"] = "vos coordonnées", ["subject.email"] = "adresse e-mail",
            ["subject.phone"] = "numéro de téléphone", ["subject.firstName"] = "prénom", ["subject.lastName"] = "nom",
            ["subject.customerId"] = "numéro de client", ["audience"] = "public", ["submissionId"] = "identifiant d'envoi",
            ["form.id"] = "identifiant du formulaire", ["form.url"] = "adresse de la page", ["form.language"] = "langue du formulaire",
            ["source.kind"] = "origine", ["source.partner"] = "partenaire", ["consents"] = "cases à cocher",
            ["purpose"] = "finalité", ["channel"] = "canal", ["wording"] = "texte affiché", ["checked"] = "case cochée",
            ["checkedByDefault"] = "case cochée d'avance", ["bundledWithTerms"] = "liée aux conditions",
            ["noticeId"] = "mention d'information", ["noticeVersion"] = "version de la mention", ["partners"] = "partenaires",
            ["shown"] = "cases affichées", ["choice"] = "cases cochées",
        },
        Messages = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Not a valid email address."] = "Cette adresse e-mail n'est pas valide.",
            ["Not a valid phone number (E.164, or French national format)."] = "Ce numéro de téléphone n'est pas valide.",
            ["An email or a phone number is required."] = "Une adresse e-mail ou un numéro de téléphone est nécessaire.",
            ["Required: the person who filled in the form."] = "Vos coordonnées sont nécessaires.",
            ["Required: the form's id (letters, digits, . _ - :, at most 100)."] = "Le formulaire doit porter un identifiant (lettres, chiffres, . _ - :, 100 au plus).",
            ["Must be an absolute http(s) URL."] = "Doit être une adresse http(s) complète.",
            ["Must be a language tag such as fr-FR."] = "Doit être une langue, par exemple fr-FR.",
            ["Must be 'consumer' or 'professional'."] = "Doit être « consumer » ou « professional ».",
            ["At least one consent box is required."] = "Le formulaire doit comporter au moins une case.",
            ["Required: whether the box was ticked when the form was shown."] = "Il faut indiquer si la case était cochée à l'affichage.",
            ["The wording shown, or the noticeId and noticeVersion of a registered notice, is required."] = "Le texte affiché à côté de la case est nécessaire.",
            ["Holds control characters or broken Unicode."] = "Contient des caractères non valables.",
            ["Another box of this submission has the same purpose and channel."] = "Une autre case a la même finalité et le même canal.",
            ["Must be true or false."] = "Doit valoir vrai ou faux.",
            ["Sent more than once."] = "Envoyé plusieurs fois.",
            ["A field holds a value of the wrong type."] = "Un champ contient une valeur d'un mauvais type.",
            ["The form is empty."] = "Le formulaire est vide.",
            ["The form's field names do not fit the contract."] = "Les noms des champs du formulaire ne conviennent pas.",
            ["Field names do not fit together."] = "Les noms des champs ne vont pas ensemble.",
            ["Not a box of this page."] = "Une case qui n'est pas celle de cette page.",
            ["A box ticked that the page did not show."] = "Une case cochée que la page n'affichait pas.",
            ["The page's boxes are missing."] = "Les cases de la page manquent.",
            ["Required once: the page's submission id."] = "L'identifiant d'envoi de la page est nécessaire, une fois.",
        },
        Channels = ChannelCatalog.All.ToDictionary(c => c.Name, c => c.French, StringComparer.Ordinal),
        Purposes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["marketing"] = "offres commerciales", ["partner-sharing"] = "transmission à nos partenaires",
            ["non-commercial"] = "appels non commerciaux",
        },
    };

    public static readonly PageTexts English = new()
    {
        Language = "en",
        UnsubscribeTitle = "Unsubscribe",
        UnsubscribeButton = "Confirm unsubscribe",
        UnsubscribeDoneTitle = "Unsubscribe received",
        InvalidLinkTitle = "Invalid link",
        InvalidLinkText = "This unsubscribe link is not valid. Use the whole link from the message.",
        WillStop = (channel, purpose) => $"You will no longer receive {purpose} messages by {channel}.",
        Stopped = (channel, purpose) => $"Done: you will no longer receive {purpose} messages by {channel}. It may take a few seconds.",
        PreferencesTitle = "Your contact choices",
        PreferencesIntro = address => $"The choices recorded for {address}. A ticked box is a permission; untick it to withdraw it.",
        PreferencesLegend = "What you agree to receive",
        PreferencesButton = "Save my choices",
        PreferencesNone = "There are no choices to offer you at the moment.",
        PreferencesSavedTitle = "Your choices are saved",
        PreferencesChanged = "What changed:",
        PreferencesUnchanged = "Nothing changed: these were already your choices.",
        PreferencesLinkText = "This link is not valid or has expired. Use the whole link from the message, or ask for a new one.",
        PreferencesNotFoundTitle = "No choices to show",
        PreferencesNotFoundText = "We hold no choices for this link.",
        ConfirmTitle = "Confirm your subscription",
        ConfirmIntro = business => Who(business, "You asked to receive messages from {0}:", "You asked to receive our messages:"),
        ConfirmButton = "I confirm",
        ConfirmIgnore = "If it was not you, just close this page: nothing will be sent.",
        ConfirmedTitle = "Subscription confirmed",
        ConfirmedText = business => Who(business, "Thank you! You will now receive messages from {0}:", "Thank you! You will now receive our messages:"),
        ConfirmLinkText = "This confirmation link is not valid or has expired. Nothing was recorded; sign up again if you wish.",
        ConfirmNotFoundTitle = "Nothing to confirm",
        ConfirmNotFoundText = "We hold no request for this link.",
        ReceivedTitle = "Thank you, your choices are recorded",
        ReceivedText = "This is what was recorded:",
        ReceiptNumber = "Receipt number:",
        InvalidFormTitle = "The form could not be sent",
        InvalidFormText = "Nothing was recorded. Correct the following, then send the form again:",
        FailedTitle = "The form was not sent",
        BackToForm = "Back to the form",
        UseBackButton = "Go back to the form with your browser's Back button.",
        Box = n => $"Box {n}",
        Colon = ": ",
        Statuses = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["given"] = "accepted", ["refused"] = "declined", ["invalid"] = "not valid", ["withdrawn"] = "withdrawn",
            ["pending"] = "awaiting your confirmation by email",
        },
        Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pre-ticked"] = "ticked in advance", ["bundled"] = "bundled with the terms of sale",
            ["missing-wording"] = "no wording", ["missing-partners"] = "partners not named",
            ["double-opt-in"] = "open the link we sent", ["re-permission"] = "open the link we sent",
        },
        Problems = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["origin-not-allowed"] = "This website may not send this form. Nothing was recorded.",
            ["payload-too-large"] = "The form sent is too large. Nothing was recorded.",
            ["unsupported-media-type"] = "The form was sent in an unsupported format. Nothing was recorded.",
            ["malformed"] = "The form received could not be read. Nothing was recorded.",
            ["submission-conflict"] = "This form was already sent with other answers. Nothing new was recorded.",
            ["storage-unavailable"] = "The service is unavailable for a moment. Nothing was recorded: try again shortly.",
            ["internal"] = "Something went wrong. Nothing was recorded: try again shortly.",
        },
        Fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["$"] = "form", ["subject"] = "your details", ["subject.email"] = "email address",
            ["subject.phone"] = "phone number", ["subject.firstName"] = "first name", ["subject.lastName"] = "last name",
            ["subject.customerId"] = "customer number", ["audience"] = "audience", ["submissionId"] = "submission id",
            ["form.id"] = "form id", ["form.url"] = "page address", ["form.language"] = "form language",
            ["source.kind"] = "source", ["source.partner"] = "partner", ["consents"] = "checkboxes",
            ["purpose"] = "purpose", ["channel"] = "channel", ["wording"] = "wording shown", ["checked"] = "ticked",
            ["checkedByDefault"] = "ticked in advance", ["bundledWithTerms"] = "bundled with the terms",
            ["noticeId"] = "notice", ["noticeVersion"] = "notice version", ["partners"] = "partners",
            ["shown"] = "boxes shown", ["choice"] = "boxes ticked",
        },
        Messages = new Dictionary<string, string>(StringComparer.Ordinal),
        Channels = ChannelCatalog.All.ToDictionary(c => c.Name, c => c.English, StringComparer.Ordinal),
        Purposes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partner-sharing"] = "partner", ["non-commercial"] = "non-commercial",
        },
    };
}

/// <summary>Which language a page speaks.</summary>
public static class PageLanguage
{
    /// <summary>The given language when it names one (a link's, a form's), else the browser's (Accept-Language); French by default.</summary>
    public static bool PrefersFrench(HttpRequest request, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(language))
        {
            if (language.StartsWith("fr", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        var languages = request.GetTypedHeaders().AcceptLanguage;
        var best = languages.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "").FirstOrDefault(l => l.Length >= 2 && l != "*");
        return best is null || best.StartsWith("fr", StringComparison.OrdinalIgnoreCase) || !best.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }
}
