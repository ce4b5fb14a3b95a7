using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Decisions;

/// <summary>The kinds of act a person makes for a channel and purpose (RULES.md section 2).</summary>
public static class ActKinds
{
    public const string Given = "given";
    public const string Refused = "refused";
    public const string Withdrawn = "withdrawn";
    public const string Objection = "objection";
}

/// <summary>
/// One act: what, when, and who recorded it. <see cref="Origin"/> is public (a website's form),
/// admin (recorded with the admin key, or the person's own unsubscribe and objection), partner
/// (imported from a partner who collected it for us), or confirmed (a consent posted to a public
/// form that the address's owner then confirmed from their mailbox: double opt-in).
/// </summary>
public sealed record PersonAct(string Kind, DateTimeOffset At, string Origin, ConsentFact? Consent)
{
    public const string PublicOrigin = "public";
    public const string AdminOrigin = "admin";
    public const string PartnerOrigin = "partner";
    public const string ConfirmedOrigin = "confirmed";

    public bool IsNegative => Kind != ActKinds.Given;

    /// <summary>A consent that lifts a withdrawal or objection: recorded with the admin key, or confirmed by the address's owner.</summary>
    public bool LiftsWithdrawals => Origin is AdminOrigin or ConfirmedOrigin;
}

/// <summary>
/// RULES.md section 2 and rule 1, pure: the act that decides for one channel and purpose. The
/// latest act decides, except that some consents cannot lift what came before them:
/// a consent imported from a partner never lifts a refusal, withdrawal or objection made to us
/// (whatever its date), and a consent posted anonymously lifts a refusal but not a withdrawal or
/// an objection (anyone can type someone else's address into a form). A consent recorded with
/// the admin key, or confirmed by the address's owner (re-permission), lifts them all.
/// </summary>
public static class PersonActs
{
    /// <summary>
    /// The deciding act at <paramref name="at"/>, or null when the person made none. Consents made
    /// after <paramref name="at"/> did not exist then; refusals, withdrawals and objections count
    /// whatever <paramref name="at"/> says, so a lagging campaign tool still sees them.
    /// </summary>
    public static PersonAct? Deciding(SubjectFacts facts, string channel, string purpose, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var acts = Of(facts, channel, purpose).Where(a => a.IsNegative || a.At <= at)
            // On the same instant a "no" sorts first, so a "yes" recorded with it still needs to lift it.
            .OrderBy(a => a.At).ThenBy(a => a.IsNegative ? 0 : 1).ToList();
        var refusedToUs = acts.Any(a => a.IsNegative && a.Origin != PersonAct.PartnerOrigin);
        PersonAct? deciding = null;
        // A withdrawal or objection that only the person's confirmed (or admin-recorded) consent lifts.
        var heldBack = false;
        foreach (var act in acts)
        {
            if (act.IsNegative)
            {
                heldBack |= act.Kind is ActKinds.Withdrawn or ActKinds.Objection;
                deciding = act;
                continue;
            }
            if ((act.Origin == PersonAct.PartnerOrigin && refusedToUs) || (!act.LiftsWithdrawals && heldBack))
            {
                continue;
            }
            heldBack &= !act.LiftsWithdrawals;
            deciding = act;
        }
        return deciding;
    }

    /// <summary>
    /// Whether this consent, posted to a public form, met an earlier withdrawal or objection of
    /// the same person, channel and purpose that it cannot lift (rule 1): it then needs the
    /// confirmation of the address's owner (re-permission). Only acts up to it count.
    /// </summary>
    public static bool IsHeldBack(SubjectFacts facts, ConsentFact consent)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(consent);
        var acts = Of(facts, consent.Channel, consent.Purpose).Where(a => a.At <= consent.ActAt)
            .OrderBy(a => a.At).ThenBy(a => a.IsNegative ? 0 : 1).ToList();
        var heldBack = false;
        foreach (var act in acts)
        {
            if (ReferenceEquals(act.Consent, consent))
            {
                return heldBack && !act.LiftsWithdrawals;
            }
            if (act.IsNegative)
            {
                heldBack |= act.Kind is ActKinds.Withdrawn or ActKinds.Objection;
            }
            else if (act.Origin != PersonAct.PartnerOrigin && act.LiftsWithdrawals)
            {
                heldBack = false;
            }
        }
        return false;
    }

    /// <summary>Every act of the person for this channel and purpose, unordered.</summary>
    public static IEnumerable<PersonAct> Of(SubjectFacts facts, string channel, string purpose)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var c in facts.Consents)
        {
            if (c.Channel != channel || c.Purpose != purpose || !ConsentValidityResult.Acts.Contains(c.Status))
            {
                continue;
            }
            var origin = c.FromPartner ? PersonAct.PartnerOrigin
                : c.RecordedVia == RecordedVia.Admin ? PersonAct.AdminOrigin
                : c.ConfirmedAt is not null ? PersonAct.ConfirmedOrigin : PersonAct.PublicOrigin;
            yield return new PersonAct(c.Status, c.ActAt, origin, c);
        }
        foreach (var s in facts.Suppressions)
        {
            if (s.Covers(channel, purpose))
            {
                yield return new PersonAct(s.Kind == SuppressionFact.Unsubscribe ? ActKinds.Withdrawn : ActKinds.Objection, s.At, PersonAct.AdminOrigin, null);
            }
        }
    }

    /// <summary>A valid consent stands for this channel and purpose at <paramref name="at"/>.</summary>
    public static ConsentFact? StandingConsent(SubjectFacts facts, string channel, string purpose, DateTimeOffset at)
        => Deciding(facts, channel, purpose, at) is { Kind: ActKinds.Given } act ? act.Consent : null;
}
