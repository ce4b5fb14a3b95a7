namespace ConsentFunctions.Core.Capture;

/// <summary>
/// The proof of one submission, stored whole and never modified (RULES.md section 1: a later
/// change is a new event). GET /api/receipts/{id} returns it with an integrity check.
/// </summary>
public sealed record ReceiptDocument(
    string ReceiptId,
    string? SubmissionId,
    DateTimeOffset RecordedAt,
    SubjectIdentity Subject,
    string Audience,
    FormInfo Form,
    SourceInfo Source,
    IReadOnlyList<ConsentRecord> Consents,
    CaptureContext Context,
    string? RecordedVia = null);

/// <summary>One box as shown and answered, with the status it yields.</summary>
public sealed record ConsentRecord(
    int Index,
    string Purpose,
    string Channel,
    string Wording,
    string WordingSha256,
    string WordingSource,
    bool Checked,
    bool CheckedByDefault,
    bool BundledWithTerms,
    string? NoticeId,
    string? NoticeVersion,
    bool? WordingMatchesNotice,
    IReadOnlyList<string>? Partners,
    string Status,
    string? Reason,
    string? Mode = null,
    bool ConditionalOnReward = false);

/// <summary>What the server saw of the request: the evidence around the form, never the full client address.</summary>
public sealed record CaptureContext(string? Origin, string? Referer, string? UserAgent, string? ClientAddress, string ContentType);

/// <summary>The 201/200 answer to a capture.</summary>
public sealed record CaptureResponse(string ReceiptId, DateTimeOffset RecordedAt, IReadOnlyList<CaptureResponseConsent> Consents);

public sealed record CaptureResponseConsent(string Purpose, string Channel, string Status, string? Reason, string WordingSha256, bool? WordingMatchesNotice);
