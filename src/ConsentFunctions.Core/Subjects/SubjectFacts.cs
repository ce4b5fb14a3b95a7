namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// Everything recorded for one identifier that a decision or the retention policy reads: the
/// boxes shown on forms, the interactions that move the clocks, the objections and unsubscribes.
/// </summary>
/// <remarks>TimeZone is the IANA zone the latest form recorded for the person (calling hours are theirs).</remarks>
public sealed record SubjectFacts(
    Identifier Identifier,
    IReadOnlyList<ConsentFact> Consents,
    IReadOnlyList<InteractionFact> Interactions,
    IReadOnlyList<SuppressionFact> Suppressions,
    string? TimeZone = null)
{
    public static SubjectFacts Empty(Identifier identifier) => new(identifier, [], [], []);

    /// <summary>Nothing is known of this identifier but, perhaps, that it must never be contacted.</summary>
    public bool HasRecords => Consents.Count > 0 || Interactions.Any(i => !InteractionKinds.Calls.Contains(i.Kind));
}

/// <summary>An identifier in normal form: kind "email" or "phone".</summary>
public sealed record Identifier(string Kind, string Value)
{
    public bool IsEmail => Kind == "email";
}

/// <summary>
/// One box of one receipt, as its fact row keeps it. <see cref="ActAt"/> is when the person acted:
/// the server time of the receipt, or for a partner import when they filled in the partner's form.
/// <see cref="RecordedVia"/> says whether a website posted it (public) or a caller with the admin key.
/// A consent awaiting confirmation (status pending) counts only until <see cref="ConfirmBy"/>; once
/// confirmed it is given, and <see cref="ConfirmedAt"/> is when the person acted (both are null on
/// rows of consents never subject to a confirmation, and on every row written before double opt-in).
/// </summary>
public sealed record ConsentFact(
    string ReceiptId,
    DateTimeOffset RecordedAt,
    string Channel,
    string Purpose,
    string Status,
    string? Reason,
    IReadOnlyList<string>? Partners,
    string Audience,
    string SourceKind,
    string? SourcePartner,
    DateTimeOffset? CollectedAt = null,
    string RecordedVia = "public",
    string Mode = "opt-in",
    DateTimeOffset? ConfirmBy = null,
    DateTimeOffset? ConfirmedAt = null)
{
    public DateTimeOffset ActAt => ConfirmedAt ?? CollectedAt ?? RecordedAt;

    public bool FromPartner => SourceKind == "partner";
}

public static class InteractionKinds
{
    public const string ProspectContact = "prospect-contact";
    public const string Purchase = "purchase";
    public const string CustomerStart = "customer-start";
    public const string CustomerEnd = "customer-end";

    /// <summary>A prospecting call placed to a consumer, answered or not (decree n° 2022-1313: at most 4 in 30 days).</summary>
    public const string CallAttempt = "call-attempt";

    /// <summary>The person said no during a call: no new call for 60 days.</summary>
    public const string CallRefused = "call-refused";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { ProspectContact, Purchase, CustomerStart, CustomerEnd, CallAttempt, CallRefused };

    /// <summary>Call records: kept only the 60 days the calling rules need, and never a retention clock.</summary>
    public static readonly IReadOnlySet<string> Calls = new HashSet<string>(StringComparer.Ordinal) { CallAttempt, CallRefused };
}

/// <summary>A recorded interaction (POST /api/interactions).</summary>
public sealed record InteractionFact(string Kind, DateTimeOffset At, bool SimilarProducts);

/// <summary>
/// An unsubscribe or objection: the suppression entry. Channel and purpose are "*" when it
/// covers all. It holds no personal data and outlives erasure (RULES.md section 4).
/// </summary>
public sealed record SuppressionFact(string Kind, string Channel, string Purpose, DateTimeOffset At)
{
    public const string All = "*";
    public const string Unsubscribe = "unsubscribe";
    public const string Objection = "objection";

    public bool Covers(string channel, string purpose)
        => (Channel == All || Channel == channel) && (Purpose == All || Purpose == purpose);
}
