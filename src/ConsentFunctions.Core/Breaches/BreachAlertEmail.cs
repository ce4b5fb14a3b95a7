using System.Globalization;
using System.Net;
using System.Text;
using ConsentFunctions.Core.Email;

namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// The email of one deadline alert, for the addresses of <c>Breaches:AlertEmails</c>: French then
/// English in one message, with the breach id, the threshold, the hours left, the deadline and the
/// art. 33(3) content still missing. No fact of the breach and no contact: only what tells the
/// reader to act and where (the register). Its id is the breach id and the threshold, so a
/// resent alert (a watch run that died before confirming) carries the same Message-Id.
/// </summary>
public static class BreachAlertEmail
{
    /// <summary>French and English names of the fields <see cref="BreachRules.MissingContent"/> answers.</summary>
    private static readonly Dictionary<string, (string Fr, string En)> FieldNames = new(StringComparer.Ordinal)
    {
        ["nature"] = ("nature de la violation", "nature of the breach"),
        ["categoriesOfPeople"] = ("catégories de personnes concernées", "categories of people concerned"),
        ["approximatePeople"] = ("nombre approximatif de personnes", "approximate number of people"),
        ["categoriesOfRecords"] = ("catégories d'enregistrements", "categories of records"),
        ["approximateRecords"] = ("nombre approximatif d'enregistrements", "approximate number of records"),
        ["likelyConsequences"] = ("conséquences probables", "likely consequences"),
        ["measures"] = ("mesures prises ou envisagées", "measures taken or proposed"),
        ["dpoContact"] = ("coordonnées du DPO", "DPO contact details"),
        ["riskLevel"] = ("niveau de risque", "risk level"),
        ["peopleInformed"] = ("information des personnes (art. 34)", "informing the people (art. 34)"),
    };

    public static string Id(BreachAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return "breach-" + alert.BreachId + "-" + alert.Threshold.ToString(CultureInfo.InvariantCulture);
    }

    public static EmailMessage Compose(BreachAlert alert, IReadOnlyList<string> missing, IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(missing);
        var inv = CultureInfo.InvariantCulture;
        var hoursFr = alert.HoursLeft.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"));
        var hoursEn = alert.HoursLeft.ToString("0.##", inv);
        var deadline = alert.Deadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", inv);
        var overdue = alert.HoursLeft <= 0;

        var subject = overdue
            ? $"Violation de données {alert.BreachId} : délai de 72 h dépassé / Data breach {alert.BreachId}: 72-hour deadline passed"
            : $"Violation de données {alert.BreachId} : {hoursFr} h pour notifier la CNIL / Data breach {alert.BreachId}: {hoursEn} h left to notify";

        var fr = new List<string>
        {
            $"Alerte du registre des violations : seuil de {alert.Threshold} h atteint.",
            $"Violation : {alert.BreachId}",
            overdue
                ? $"Le délai de notification à la CNIL (72 h, RGPD art. 33) est dépassé depuis {(-alert.HoursLeft).ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"))} h ({deadline}) : notifiez sans attendre, en indiquant les motifs du retard."
                : $"Il reste {hoursFr} h pour notifier la CNIL (RGPD art. 33), jusqu'au {deadline}.",
            missing.Count == 0
                ? "Le contenu de la notification (art. 33(3)) est complet."
                : "Encore manquant dans la notification : " + string.Join(", ", missing.Select(m => Name(m).Fr)) + ".",
            $"Complétez la violation (PATCH /api/breaches/{alert.BreachId}), puis enregistrez la notification (POST /api/breaches/{alert.BreachId}/notify) ou la décision de ne pas notifier.",
        };
        var en = new List<string>
        {
            $"Breach register alert: {alert.Threshold}-hour threshold reached.",
            $"Breach: {alert.BreachId}",
            overdue
                ? $"The deadline to notify the supervisory authority (72 hours, GDPR art. 33) passed {(-alert.HoursLeft).ToString("0.##", inv)} hours ago ({deadline}): notify now, with the reasons for the delay."
                : $"{hoursEn} hours left to notify the supervisory authority (GDPR art. 33), until {deadline}.",
            missing.Count == 0
                ? "The content of the notification (art. 33(3)) is complete."
                : "Still missing from the notification: " + string.Join(", ", missing.Select(m => Name(m).En)) + ".",
            $"Complete the breach (PATCH /api/breaches/{alert.BreachId}), then record the notification (POST /api/breaches/{alert.BreachId}/notify) or the decision not to notify.",
        };

        var text = new StringBuilder();
        text.AppendJoin("\n", fr).Append("\n\n----\n\n").AppendJoin("\n", en).Append('\n');
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        Section(html, "fr", fr);
        html.Append("<hr>");
        Section(html, "en", en);
        html.Append("</body></html>");
        return new EmailMessage(Id(alert), EmailKinds.BreachAlert, recipients, "fr", subject, text.ToString(), html.ToString());
    }

    private static (string Fr, string En) Name(string field) => FieldNames.TryGetValue(field, out var name) ? name : (field, field);

    private static void Section(StringBuilder html, string language, List<string> lines)
    {
        html.Append("<div lang=\"").Append(language).Append("\">");
        foreach (var line in lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }
        html.Append("</div>");
    }
}
