namespace ConsentFunctions.Core.Events;

/// <summary>The CloudEvents types of the acts of a person (docs/EVENTS.md).</summary>
public static class ConsentEventTypes
{
    public const string Given = "fr.consent.given";
    public const string Refused = "fr.consent.refused";
    public const string Withdrawn = "fr.consent.withdrawn";
    public const string Objection = "fr.consent.objection";
    public const string Erasure = "fr.consent.erasure";

    /// <summary>
    /// A rectification of the person's profile (POST /api/subjects/rectify: names, the business's
    /// customer id). GDPR art. 19 asks that every recipient of the data be told of it.
    /// </summary>
    public const string Rectified = "fr.consent.rectified";

    /// <summary>The confirmation of a double opt-in (POST /api/confirm): the consent is given from then on.</summary>
    public const string Confirmation = "fr.consent.confirmation";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Given, Refused, Withdrawn, Objection, Erasure, Rectified, Confirmation };

    /// <summary>The event type of a box's status on a receipt, or null when the box was no act (informed, invalid).</summary>
    public static string? OfStatus(string status) => status switch
    {
        "given" => Given,
        "refused" => Refused,
        "withdrawn" => Withdrawn,
        _ => null,
    };
}
