using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>The body of POST /api/unsubscribe-links.</summary>
public sealed class UnsubscribeLinkRequest
{
    public SubjectRef? Subject { get; set; }
    public string? Channel { get; set; }
    public string? Purpose { get; set; }

    /// <summary>The language of the page the link opens: "fr" or "en"; omitted, the reader's browser decides.</summary>
    public string? Language { get; set; }
}
