using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Notices;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Preferences;

/// <summary>What a submitted preference page did: not found (erased), a conflict, or recorded with a receipt.</summary>
public sealed record PreferenceOutcome(bool Found, CaptureResult? Capture, IReadOnlyList<PreferenceBox> Boxes);

/// <summary>
/// The person's preference page (RULES.md section 1, form kind "preferences"): for each purpose
/// and channel with a registered notice, the latest notice's wording, ticked where a consent
/// stands now. Showing reads only; submitting records the page as a form through the capture path,
/// with the exact wording shown and each box's shown state as <c>checkedByDefault</c>, so that an
/// unticked box withdraws and a newly ticked one consents, by the rules every form follows.
/// </summary>
public sealed partial class PreferenceCentre(
    ConsentTables tables,
    SubjectFactsReader reader,
    NoticeRegistry notices,
    ConsentCapture capture,
    IOptions<CaptureOptions> captureOptions,
    TimeProvider time,
    ILogger<PreferenceCentre> logger)
{
    public const string FormId = "preference-centre";

    /// <summary>The page, or null when nothing is held on the person any more (erased, or never known).</summary>
    public async Task<PreferenceView?> ShowAsync(SignedLink link, bool french, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var person = await PersonAsync(link, ct);
        if (person is null)
        {
            return null;
        }
        var facts = await reader.ReadAsync(person.Value.Identifier, ct);
        var now = time.GetUtcNow();
        var boxes = (await OfferedAsync(french, ct))
            .Select(n => new PreferenceBox(n.NoticeId, n.Version, n.Purpose, n.Channel, n.Wording,
                PersonActs.StandingConsent(facts, n.Channel, n.Purpose, now) is not null))
            .ToList();
        var submissionId = "pref-" + Guid.NewGuid().ToString("N");
        return new PreferenceView(AddressMask.Mask(person.Value.Identifier.Kind, person.Value.Identifier.Value), boxes, submissionId);
    }

    /// <summary>Records a submitted page. Throws <see cref="RequestValidationException"/> for a box the page could not have shown; nothing is then written.</summary>
    public async Task<PreferenceOutcome> SubmitAsync(SignedLink link, bool french, PreferenceSubmission submission, CaptureContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(submission);
        var person = await PersonAsync(link, ct);
        if (person is null)
        {
            return new PreferenceOutcome(false, null, []);
        }
        var boxes = await BoxesAsync(submission, ct);
        var (identifier, profile) = person.Value;
        var subject = new SubjectIdentity(
            identifier.IsEmail ? identifier.Value : profile.GetString("Email"),
            identifier.IsEmail ? profile.GetString("Phone") : identifier.Value,
            null, null, null);
        var audience = profile.GetString("Audience") is { } a && Vocabulary.Audiences.Contains(a) ? a : "consumer";
        var claims = boxes.Select(b => new ConsentClaim(b.Purpose, b.Channel, b.Wording, submission.Chosen.Contains(b.Value), b.ShownTicked,
            BundledWithTerms: false, b.NoticeId, b.NoticeVersion, Partners: null)).ToList();
        var form = new Submission(submission.SubmissionId, subject, audience,
            new FormInfo(FormId, Url: null, Language: french ? "fr" : "en", Kind: FormKinds.Preferences),
            new SourceInfo("form", null), claims);
        var result = await capture.CaptureAsync(form, context, RecordedVia.Public, ct);
        LogSubmitted(logger, link.TokenId, result.Outcome);
        return new PreferenceOutcome(true, result, boxes);
    }

    /// <summary>
    /// The boxes a submission says its page showed, each checked against the registry: a
    /// registered notice, for a purpose and channel this business uses, one box per pair. A notice
    /// registered after the page was shown does not matter: the page showed the one it names.
    /// </summary>
    private async Task<List<PreferenceBox>> BoxesAsync(PreferenceSubmission submission, CancellationToken ct)
    {
        var purposes = captureOptions.Value.Purposes();
        var boxes = new List<PreferenceBox>();
        var pairs = new HashSet<(string, string)>();
        foreach (var (noticeId, version, shownTicked) in submission.Shown)
        {
            var notice = await notices.GetAsync(noticeId, version, ct);
            if (notice is null || !purposes.Contains(notice.Purpose) || !Vocabulary.Channels.Contains(notice.Channel) || !pairs.Add((notice.Purpose, notice.Channel)))
            {
                throw RequestValidationException.For(PreferenceFields.Shown, "Not a box of this page.");
            }
            boxes.Add(new PreferenceBox(noticeId, version, notice.Purpose, notice.Channel, notice.Wording, shownTicked));
        }
        return boxes;
    }

    /// <summary>
    /// For each purpose and channel with a registered notice, the one to show: the latest
    /// registered in the page's language, else the latest in any (a choice the person holds must
    /// stay withdrawable). Ordered as the purposes and the channel catalog are.
    /// </summary>
    private async Task<List<Notice>> OfferedAsync(bool french, CancellationToken ct)
    {
        var purposes = Vocabulary.BuiltInPurposes.Concat(captureOptions.Value.Purposes().Order(StringComparer.Ordinal)).Distinct().ToList();
        var channels = ChannelCatalog.All.Select(c => c.Name).ToList();
        var language = french ? "fr" : "en";
        return (await notices.ListAsync(ct))
            .Where(n => purposes.Contains(n.Purpose) && channels.Contains(n.Channel))
            .GroupBy(n => (n.Purpose, n.Channel))
            .Select(g => g.OrderByDescending(n => n.Language.StartsWith(language, StringComparison.OrdinalIgnoreCase))
                .ThenByDescending(n => n.RegisteredAt).ThenByDescending(n => n.Version, StringComparer.Ordinal).First())
            .OrderBy(n => purposes.IndexOf(n.Purpose)).ThenBy(n => channels.IndexOf(n.Channel))
            .ToList();
    }

    /// <summary>
    /// The identifier the link names, read from the person's profile row (the token holds only
    /// its keyed hash); null once the person is erased, since erasure deletes the profile.
    /// </summary>
    private async Task<(Identifier Identifier, TableEntity Profile)?> PersonAsync(SignedLink link, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableNames.Subjects);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(link.SubjectKey, SubjectPartition.ProfileRowKey, cancellationToken: ct);
        var kind = link.Data[0];
        if (!row.HasValue || row.Value?.GetString(kind == "email" ? "Email" : "Phone") is not { Length: > 0 } value)
        {
            return null;
        }
        var identifier = new Identifier(kind, value);
        return reader.KeyOf(identifier) == link.SubjectKey ? (identifier, row.Value) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Preference page of link {TokenId} submitted: {Outcome}")]
    private static partial void LogSubmitted(ILogger logger, string tokenId, CaptureOutcome outcome);
}
