using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Events;

namespace ConsentFunctions.Core.Proofs;

/// <summary>One entry of a consent record's status history.</summary>
public sealed record ConsentStatusEntry(string Status, string Act, string Time, string EventId, string? ReceiptId);

/// <summary>
/// One box of a receipt as an ISO/IEC TS 27560 consent record, in JSON with the terms of the W3C
/// Data Privacy Vocabulary's guide to TS 27560 (https://w3id.org/dpv/guides/consent-27560): the
/// controller, the PII principal (by keyed hash only), the purpose with its processing, personal
/// data and legal basis, the notice (the wording shown and its SHA-256) and the status history.
/// It restates the receipt for readers of that standard; the receipt document stays the proof.
/// </summary>
public sealed record ConsentRecord27560(
    [property: System.Text.Json.Serialization.JsonPropertyName("@context")] string Context,
    string SchemaVersion,
    string RecordId,
    string PiiPrincipalId,
    IReadOnlyList<string> PiiController,
    string Purpose,
    string PurposeLabel,
    IReadOnlyList<string> Processing,
    IReadOnlyList<string> PersonalData,
    string LegalBasis,
    string ConsentType,
    string Channel,
    ConsentNotice Notice,
    IReadOnlyList<string>? Recipients,
    string CurrentStatus,
    IReadOnlyList<ConsentStatusEntry> StatusHistory)
{
    public static ConsentRecord27560 Of(ReceiptDocument receipt, ConsentRecord box, string subjectKey, IReadOnlyList<string> controllers, IReadOnlyList<ConsentStatusEntry> history)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(box);
        return new ConsentRecord27560(
            "https://w3id.org/dpv",
            "ISO/IEC TS 27560:2023",
            $"urn:consentfunctions:receipt:{receipt.ReceiptId}:{box.Index}",
            subjectKey,
            controllers,
            PurposeTerm(box.Purpose),
            box.Purpose,
            box.Purpose == "partner-sharing" ? ["dpv:Collect", "dpv:Store", "dpv:Use", "dpv:Share"] : ["dpv:Collect", "dpv:Store", "dpv:Use"],
            box.Channel is "email" ? ["pd:EmailAddress"] : box.Channel is "sms" or "phone" or "mms" ? ["pd:TelephoneNumber"] : ["pd:Contact"],
            // Prospecting by email, SMS and automated calls needs consent (CPCE art. L.34-5); GDPR art. 6(1)(a).
            "eu-gdpr:A6-1-a",
            box.Mode == "opt-out" ? "dpv:ImpliedConsent" : "dpv:ExpressedConsent",
            box.Channel,
            new ConsentNotice(box.Wording, box.WordingSha256, receipt.Form.Language, receipt.Form.Id, receipt.Form.Url, box.NoticeId, box.NoticeVersion, receipt.RecordedAt),
            box.Partners,
            history.Count > 0 ? history[^1].Status : StatusTerm(box.Status),
            history);
    }

    public static string StatusTerm(string act) => act switch
    {
        "given" or ConsentEventTypes.Given => "dpv:ConsentGiven",
        "refused" or ConsentEventTypes.Refused => "dpv:ConsentRefused",
        "withdrawn" or ConsentEventTypes.Withdrawn or ConsentEventTypes.Objection or ConsentEventTypes.Erasure => "dpv:ConsentWithdrawn",
        "invalid" => "dpv:ConsentInvalidated",
        _ => "dpv:ConsentStatus",
    };

    private static string PurposeTerm(string purpose) => purpose switch
    {
        "marketing" => "dpv:DirectMarketing",
        "partner-sharing" => "dpv:Marketing",
        "non-commercial" => "dpv:CommunicationManagement",
        _ => "dpv:Purpose",
    };
}

/// <summary>The notice of a consent record: what the person was shown, where, and its fingerprint.</summary>
public sealed record ConsentNotice(string Wording, string WordingSha256, string? Language, string FormId, string? Url, string? NoticeId, string? NoticeVersion, DateTimeOffset ShownAt);
