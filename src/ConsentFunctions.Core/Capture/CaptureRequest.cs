namespace ConsentFunctions.Core.Capture;

// The body of POST /api/consents as received. Only these fields are read; anything else a
// form sends is dropped here and never stored (collect only what the contract names).

public sealed class CaptureRequest
{
    public string? SubmissionId { get; set; }
    public SubjectInput? Subject { get; set; }
    public string? Audience { get; set; }
    public FormInput? Form { get; set; }
    public SourceInput? Source { get; set; }
    public List<ConsentInput?>? Consents { get; set; }
}

public sealed class SubjectInput
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CustomerId { get; set; }
    public bool? Under15 { get; set; }
    public bool? ParentalConsent { get; set; }
    public string? TimeZone { get; set; }
}

public sealed class FormInput
{
    public string? Id { get; set; }
    public string? Url { get; set; }
    public string? Language { get; set; }
    public string? Kind { get; set; }
    public bool? ConditionalOnReward { get; set; }
}

public sealed class SourceInput
{
    public string? Kind { get; set; }
    public string? Partner { get; set; }
    public DateTimeOffset? CollectedAt { get; set; }
}

public sealed class ConsentInput
{
    public string? Purpose { get; set; }
    public string? Channel { get; set; }
    public string? Wording { get; set; }
    public bool? Checked { get; set; }
    public bool? CheckedByDefault { get; set; }
    public bool? BundledWithTerms { get; set; }
    public string? NoticeId { get; set; }
    public string? NoticeVersion { get; set; }
    public List<string?>? Partners { get; set; }
    public string? Mode { get; set; }
    public bool? ConditionalOnReward { get; set; }
}
