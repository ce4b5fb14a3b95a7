namespace ConsentFunctions.Core.Capture;

// A submission once validated and normalised: what is hashed for idempotency and stored as proof.

public sealed record Submission(
    string? SubmissionId,
    SubjectIdentity Subject,
    string Audience,
    FormInfo Form,
    SourceInfo Source,
    IReadOnlyList<ConsentClaim> Consents);

/// <summary>The person, identified by email and/or phone in normal form.</summary>
public sealed record SubjectIdentity(string? Email, string? Phone, string? FirstName, string? LastName, string? CustomerId)
{
    /// <summary>The identifier the person's partition is keyed by: email when given, else phone.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool KeyedByEmail => Email is not null;
}

public sealed record FormInfo(string Id, string? Url, string? Language);

public sealed record SourceInfo(string Kind, string? Partner);

public sealed record ConsentClaim(
    string Purpose,
    string Channel,
    string? Wording,
    bool Checked,
    bool CheckedByDefault,
    bool BundledWithTerms,
    string? NoticeId,
    string? NoticeVersion,
    IReadOnlyList<string>? Partners);
