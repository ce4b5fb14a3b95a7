using ConsentFunctions.Core.Notices;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// Gives every claimed box its wording (as posted, or the registered notice's) and its status.
/// Runs before anything is written, so an unknown notice changes nothing.
/// </summary>
public sealed class ConsentResolver(NoticeRegistry notices)
{
    public async Task<IReadOnlyList<ConsentRecord>> ResolveAsync(IReadOnlyList<ConsentClaim> claims, Func<ConsentClaim, BoxContext> contextOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(contextOf);
        var records = new List<ConsentRecord>(claims.Count);
        var errors = new ValidationErrors();
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            Notice? notice = null;
            if (claim.NoticeId is not null && claim.NoticeVersion is not null)
            {
                notice = await notices.GetAsync(claim.NoticeId, claim.NoticeVersion, cancellationToken);
                if (notice is null)
                {
                    errors.Add($"consents[{i}].noticeId", "No notice is registered with this id and version.");
                    continue;
                }
                if (notice.Purpose != claim.Purpose || notice.Channel != claim.Channel)
                {
                    errors.Add($"consents[{i}].noticeId", "This notice was registered for another purpose or channel.");
                    continue;
                }
            }
            // What the person saw is what the form posted; the notice fills in only when the form sent no text.
            var wording = claim.Wording ?? notice!.Wording;
            var sha = WordingHash.Sha256Hex(wording);
            bool? matches = notice is null ? null : sha == notice.WordingSha256;
            var validity = ConsentValidity.Evaluate(claim, wording, contextOf(claim));
            records.Add(new ConsentRecord(i, claim.Purpose, claim.Channel, wording, sha,
                claim.Wording is null ? "notice" : "form", claim.Checked, claim.CheckedByDefault, claim.BundledWithTerms,
                claim.NoticeId, claim.NoticeVersion, matches, claim.Partners, validity.Status, validity.Reason,
                claim.Mode, claim.ConditionalOnReward));
        }
        RequestRules.ThrowIfAny(errors, "A consent names a notice that cannot be used; nothing was recorded.");
        return records;
    }
}
