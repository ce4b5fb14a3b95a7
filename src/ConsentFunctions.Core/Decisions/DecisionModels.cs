using System.Text.Json.Serialization;

namespace ConsentFunctions.Core.Decisions;

/// <summary>
/// The question asked of one identifier (the subject-independent part of POST /api/decisions).
/// Audience, SimilarProducts, RelatedToProfession and Partner are the caller's assertions,
/// kept with every decision record.
/// </summary>
public sealed record DecisionQuestion(
    string Channel,
    string Purpose,
    DateTimeOffset At,
    string? Audience,
    bool SimilarProducts,
    bool RelatedToProfession,
    string? Partner,
    string? Campaign = null);

/// <summary>
/// One answer: allowed or not, on which basis or for which reason, with the receipt relied on.
/// SourcePartner names the partner the data came from, so the first message can say so.
/// </summary>
public sealed record Decision(
    bool Allowed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Basis, string? Reason, string? ReceiptId, DateTimeOffset? ExpiresAt, int Rule,
    string? SourcePartner = null,
    DateTimeOffset? NextAllowedAt = null)
{
    public static Decision Allow(string basis, int rule, DateTimeOffset? expiresAt, string? receiptId = null)
        => new(true, basis, null, receiptId, expiresAt, rule);

    public static Decision Refuse(string reason, int rule) => new(false, null, reason, null, null, rule);
}

public static class Bases
{
    public const string Consent = "consent";
    public const string SoftOptIn = "soft-opt-in";
    public const string LegitimateInterest = "legitimate-interest";
    public const string GenericBusinessAddress = "generic-business-address";
    public const string OngoingContract = "ongoing-contract";
    public const string NonCommercial = "non-commercial";
}

public static class Reasons
{
    public const string NoConsent = "no-consent";
    public const string Refused = "refused";
    public const string Withdrawn = "withdrawn";
    public const string Objection = "objection";
    public const string PreTicked = "pre-ticked";
    public const string Expired = "expired";
    public const string PartnerNotListed = "partner-not-listed";
    public const string NotRelatedToProfession = "not-related-to-profession";
    public const string NotInformed = "not-informed";
    public const string UnknownSubject = "unknown-subject";
    public const string NoOnwardTransfer = "no-onward-transfer";

    /// <summary>The person's latest consent for this channel and purpose awaits the confirmation of the address's owner.</summary>
    public const string PendingConfirmation = "pending-confirmation";
}
