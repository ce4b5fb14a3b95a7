namespace ConsentFunctions.Core.Capture;

/// <summary>The status a box yields and why (RULES.md section 1).</summary>
public sealed record ConsentValidityResult(string Status, string? Reason)
{
    /// <summary>Act: a valid opt-in box ticked.</summary>
    public const string Given = "given";

    /// <summary>Act: an opt-in box left unticked on a collection form, or an opt-out box ticked.</summary>
    public const string Refused = "refused";

    /// <summary>Act: a box shown ticked on a preferences form, unticked by the person.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Not an act: the box was shown but proves no consent (see the reason).</summary>
    public const string Invalid = "invalid";

    /// <summary>Not an act: an opt-out box left unticked; the person was informed and did not object.</summary>
    public const string Informed = "informed";

    /// <summary>Not an act: a preferences box shown ticked and left ticked; the earlier proof stands.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Not an act: a preferences box shown unticked and left unticked.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>
    /// Not an act yet: a valid consent posted anonymously that counts only once the address's
    /// owner confirms it (double opt-in, or re-permission after a withdrawal; RULES.md section 2).
    /// Confirmed, its fact row becomes <see cref="Given"/>, dated at the confirmation.
    /// </summary>
    public const string Pending = "pending";

    public static readonly IReadOnlySet<string> Acts = new HashSet<string>(StringComparer.Ordinal) { Given, Refused, Withdrawn };
}

/// <summary>
/// What a box's status depends on beyond the box itself: the kind of form, the person, where the
/// data came from, and (for a preferences form) whether a valid consent stands behind a box
/// shown ticked.
/// </summary>
public sealed record BoxContext(
    string FormKind,
    bool MinorWithoutParentalConsent,
    bool FromPartner,
    IReadOnlyCollection<string> ControllerNames,
    bool HasValidConsent);

/// <summary>
/// RULES.md section 1, pure: what a ticked or unticked box proves. An invalid box is still a
/// recorded fact; it never allows contact, and never lifts a refusal.
/// </summary>
public static class ConsentValidity
{
    public static ConsentValidityResult Evaluate(ConsentClaim claim, string? effectiveWording, BoxContext context)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);

        // "Tick to object": a ticked box is a refusal whatever else it says; nothing is given.
        if (claim.Mode == BoxModes.OptOut)
        {
            if (claim.Checked)
            {
                return new(ConsentValidityResult.Refused, null);
            }
            return string.IsNullOrWhiteSpace(effectiveWording)
                ? new(ConsentValidityResult.Invalid, "missing-wording") // informed of what? no proof
                : new(ConsentValidityResult.Informed, null);
        }

        if (context.FormKind == FormKinds.Preferences)
        {
            if (claim.CheckedByDefault)
            {
                // Shown ticked: allowed only where a consent stands behind it (else it is a pre-ticked box).
                if (!context.HasValidConsent)
                {
                    return new(ConsentValidityResult.Invalid, "pre-ticked");
                }
                return claim.Checked
                    ? new(ConsentValidityResult.Confirmed, null)
                    : new(ConsentValidityResult.Withdrawn, null); // withdrawing must be as easy as giving (art. 7(3))
            }
            if (!claim.Checked)
            {
                return new(ConsentValidityResult.Unchanged, null);
            }
            // Newly ticked: a consent, judged like any other below.
        }
        else
        {
            // A box left unticked is a refusal, whatever its validity otherwise (RULES.md section 2).
            if (!claim.Checked)
            {
                return new(ConsentValidityResult.Refused, null);
            }
            // Planet49 (CJEU C-673/17): a box ticked by default is never a positive act.
            if (claim.CheckedByDefault)
            {
                return new(ConsentValidityResult.Invalid, "pre-ticked");
            }
        }

        // Specific: prospecting bundled with the terms of sale is not a free, specific choice.
        if (claim.BundledWithTerms)
        {
            return new(ConsentValidityResult.Invalid, "bundled");
        }
        // Free: a consent made the condition of a reward, discount or service is not freely given.
        if (claim.ConditionalOnReward)
        {
            return new(ConsentValidityResult.Invalid, "conditional");
        }
        // A person under 15 consents with a holder of parental authority (Loi Informatique et Libertés art. 45).
        if (context.MinorWithoutParentalConsent)
        {
            return new(ConsentValidityResult.Invalid, "minor");
        }
        // Informed and provable: without the wording shown there is no proof of what was agreed to.
        if (!Validation.TextRules.HasMeaning(effectiveWording))
        {
            return new(ConsentValidityResult.Invalid, "missing-wording");
        }
        // Partner sharing is informed only if the partners were listed on the form (CNIL, 2018).
        if (claim.Purpose == Vocabulary.PartnerSharing && (claim.Partners is null || claim.Partners.Count == 0))
        {
            return new(ConsentValidityResult.Invalid, "missing-partners");
        }
        // A partner's form must have named us among the partners the person agreed to (RULES.md section 6).
        if (context.FromPartner && !NamesController(claim.Partners, context.ControllerNames))
        {
            return new(ConsentValidityResult.Invalid, "controller-not-named");
        }
        return new(ConsentValidityResult.Given, null);
    }

    private static bool NamesController(IReadOnlyList<string>? partners, IReadOnlyCollection<string> controllerNames)
        => partners is not null && partners.Any(p => controllerNames.Any(c => string.Equals(p.Trim(), c.Trim(), StringComparison.OrdinalIgnoreCase)));
}
