namespace ConsentFunctions.Core.Capture;

// A submission once validated and normalised: what is hashed for idempotency and stored as proof.

public sealed record Submission(
    string? SubmissionId,
    SubjectIdentity Subject,
    string Audience,
    FormInfo Form,
    SourceInfo Source,
    IReadOnlyList<ConsentClaim> Consents);

/// <summary>Who recorded a submission: a website through the public route, or a caller holding the admin key.</summary>
public static class RecordedVia
{
    public const string Public = "public";
    public const string Admin = "admin";
}

/// <summary>The two kinds of form (RULES.md section 1).</summary>
public static class FormKinds
{
    /// <summary>Boxes unticked when shown: ticked gives, unticked refuses.</summary>
    public const string Collection = "collection";

    /// <summary>The person's current choices shown: unticking withdraws.</summary>
    public const string Preferences = "preferences";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Collection, Preferences };
}

/// <summary>The two kinds of box (RULES.md section 1).</summary>
public static class BoxModes
{
    /// <summary>Ticking gives consent.</summary>
    public const string OptIn = "opt-in";

    /// <summary>"Tick to object": ticked is a refusal, unticked informs.</summary>
    public const string OptOut = "opt-out";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { OptIn, OptOut };
}

/// <summary>The person, identified by email and/or phone in normal form.</summary>
public sealed record SubjectIdentity(string? Email, string? Phone, string? FirstName, string? LastName, string? CustomerId,
    bool? Under15 = null, bool? ParentalConsent = null, string? TimeZone = null)
{
    /// <summary>The identifier the person's partition is keyed by: email when given, else phone.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool KeyedByEmail => Email is not null;
}

/// <summary>Kind is null on receipts written before forms had kinds: they were collection forms.</summary>
public sealed record FormInfo(string Id, string? Url, string? Language, string? Kind = null, bool? ConditionalOnReward = null);

/// <summary>CollectedAt: when the person acted on a partner's form (imports only).</summary>
public sealed record SourceInfo(string Kind, string? Partner, DateTimeOffset? CollectedAt = null);

public sealed record ConsentClaim(
    string Purpose,
    string Channel,
    string? Wording,
    bool Checked,
    bool CheckedByDefault,
    bool BundledWithTerms,
    string? NoticeId,
    string? NoticeVersion,
    IReadOnlyList<string>? Partners,
    string Mode = BoxModes.OptIn,
    bool ConditionalOnReward = false);
