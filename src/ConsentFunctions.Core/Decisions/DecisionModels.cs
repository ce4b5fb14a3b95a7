namespace ConsentFunctions.Core.Decisions;

/// <summary>The question asked of one identifier (the subject-independent part of POST /api/decisions).</summary>
public sealed record DecisionQuestion(
    string Channel,
    string Purpose,
    DateTimeOffset At,
    string? Audience,
    bool SimilarProducts,
    bool RelatedToProfession,
    string? Partner);

/// <summary>One answer: allowed or not, on which basis or for which reason, with the receipt relied on.</summary>
public sealed record Decision(
    bool Allowed,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Basis, string? Reason, string? ReceiptId, DateTimeOffset? ExpiresAt, int Rule)
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
}

public static class Reasons
{
    public const string NoConsent = "no-consent";
    public const string Withdrawn = "withdrawn";
    public const string Objection = "objection";
    public const string PreTicked = "pre-ticked";
    public const string Expired = "expired";
    public const string PartnerNotListed = "partner-not-listed";
    public const string NotRelatedToProfession = "not-related-to-profession";
    public const string UnknownSubject = "unknown-subject";
    public const string NoOnwardTransfer = "no-onward-transfer";
}
