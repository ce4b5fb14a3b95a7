using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Interactions;

/// <summary>
/// The body of POST /api/interactions: one interaction, or a batch of them in <see cref="Records"/>
/// (a dialer's call records: up to 1,000 in one call).
/// </summary>
public sealed class InteractionRequest
{
    public SubjectRef? Subject { get; set; }
    public string? Kind { get; set; }
    public DateTimeOffset? At { get; set; }
    public bool? SimilarProducts { get; set; }
    public List<InteractionRequest?>? Records { get; set; }
}
