namespace ConsentFunctions.Core.Capture;

/// <summary>The status a box yields and why (RULES.md section 1).</summary>
public sealed record ConsentValidityResult(string Status, string? Reason)
{
    public const string Given = "given";
    public const string Refused = "refused";
    public const string Invalid = "invalid";
}

/// <summary>
/// RULES.md section 1, pure: what a ticked or unticked box proves. An invalid box is still a
/// recorded fact; it never allows contact.
/// </summary>
public static class ConsentValidity
{
    public static ConsentValidityResult Evaluate(ConsentClaim claim, string? effectiveWording)
    {
        ArgumentNullException.ThrowIfNull(claim);
        // Planet49 (CJEU C-673/17): a box ticked by default is never a positive act, whatever its state.
        if (claim.CheckedByDefault)
        {
            return new(ConsentValidityResult.Invalid, "pre-ticked");
        }
        // Specific: prospecting bundled with the terms of sale is not a free, specific choice.
        if (claim.BundledWithTerms)
        {
            return new(ConsentValidityResult.Invalid, "bundled");
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
        return claim.Checked
            ? new(ConsentValidityResult.Given, null)
            : new(ConsentValidityResult.Refused, null);
    }
}
