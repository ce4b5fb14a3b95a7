namespace ConsentFunctions.Core.Preferences;

/// <summary>One box of a preference page: the registered notice whose wording it shows, and whether it was shown ticked.</summary>
public sealed record PreferenceBox(string NoticeId, string NoticeVersion, string Purpose, string Channel, string Wording, bool ShownTicked)
{
    /// <summary>The box's value in the page's form: notice ids and versions hold neither '@' nor '|'.</summary>
    public string Value => NoticeId + "@" + NoticeVersion;

    /// <summary>The hidden field that tells the submission what the page showed.</summary>
    public string Shown => Value + "|" + (ShownTicked ? "1" : "0");
}

/// <summary>What a preference page shows: the masked address and the boxes, in the page's language.</summary>
public sealed record PreferenceView(string MaskedAddress, IReadOnlyList<PreferenceBox> Boxes, string SubmissionId);

/// <summary>One box of a submitted preference page, as the person left it.</summary>
public sealed record PreferenceChoice(PreferenceBox Box, bool Checked);

/// <summary>The names of the preference page's form fields.</summary>
public static class PreferenceFields
{
    public const string Shown = "shown";
    public const string Choice = "choice";
    public const string SubmissionId = "submissionId";
}
