using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Preferences;

/// <summary>The body of POST /api/preference-links.</summary>
public sealed class PreferenceLinkRequest
{
    public SubjectRef? Subject { get; set; }

    /// <summary>The language of the page: "fr" or "en"; omitted, the reader's browser decides.</summary>
    public string? Language { get; set; }
}
