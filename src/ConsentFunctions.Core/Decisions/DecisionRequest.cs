using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Decisions;

/// <summary>The body of POST /api/decisions.</summary>
public sealed class DecisionRequest
{
    public string? Channel { get; set; }
    public string? Purpose { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Audience { get; set; }
    public bool? SimilarProducts { get; set; }
    public bool? RelatedToProfession { get; set; }
    public string? Partner { get; set; }
    public string? Campaign { get; set; }
    public List<SubjectRef?>? Subjects { get; set; }
}
