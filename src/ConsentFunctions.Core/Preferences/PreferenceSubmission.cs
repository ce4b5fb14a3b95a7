using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Preferences;

/// <summary>A preference page as posted back: which boxes it showed (and how), which are ticked now.</summary>
public sealed record PreferenceSubmission(string SubmissionId, IReadOnlyList<(string NoticeId, string Version, bool ShownTicked)> Shown, IReadOnlySet<string> Chosen)
{
    // More boxes than a page could show (purposes × channels of a business) is not a page of ours.
    public const int MaxBoxes = 64;

    /// <summary>
    /// Reads the posted fields strictly: every box ticked must be one the page showed, each shown
    /// once; any other field, or a value of the wrong form, makes the whole submission invalid.
    /// </summary>
    public static PreferenceSubmission Parse(IEnumerable<(string Name, string Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new ValidationErrors();
        string? submissionId = null;
        var shown = new List<(string, string, bool)>();
        var shownValues = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            switch (name)
            {
                case PreferenceFields.SubmissionId:
                    if (submissionId is not null || !TextRules.IsSafeId(value, 100))
                    {
                        errors.Add(name, "Required once: the page's submission id.");
                    }
                    submissionId = value;
                    break;
                case PreferenceFields.Shown:
                    var bar = value.LastIndexOf('|');
                    var box = bar < 0 ? value : value[..bar];
                    var flag = bar < 0 ? "" : value[(bar + 1)..];
                    if (!TryParseBox(box, out var noticeId, out var version) || flag is not ("0" or "1"))
                    {
                        errors.Add(name, "Not a box of this page.");
                    }
                    else if (!shownValues.Add(box))
                    {
                        errors.Add(name, "Sent more than once.");
                    }
                    else
                    {
                        shown.Add((noticeId, version, flag == "1"));
                    }
                    break;
                case PreferenceFields.Choice:
                    if (!chosen.Add(value))
                    {
                        errors.Add(name, "Sent more than once.");
                    }
                    break;
                default:
                    errors.Add("$", "The form's field names do not fit the contract.");
                    break;
            }
        }
        if (submissionId is null)
        {
            errors.Add(PreferenceFields.SubmissionId, "Required once: the page's submission id.");
        }
        if (shown.Count is 0 or > MaxBoxes)
        {
            errors.Add(PreferenceFields.Shown, "The page's boxes are missing.");
        }
        if (chosen.Any(c => !shownValues.Contains(c)))
        {
            errors.Add(PreferenceFields.Choice, "A box ticked that the page did not show.");
        }
        RequestRules.ThrowIfAny(errors, "The preference form is not valid; nothing was recorded.");
        return new PreferenceSubmission(submissionId!, shown, chosen);
    }

    private static bool TryParseBox(string value, out string noticeId, out string version)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        noticeId = at <= 0 ? "" : value[..at];
        version = at <= 0 ? "" : value[(at + 1)..];
        return TextRules.IsSafeId(noticeId, 100) && TextRules.IsSafeId(version, 50);
    }
}
