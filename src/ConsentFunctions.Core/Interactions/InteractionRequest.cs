using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Interactions;

/// <summary>The body of POST /api/interactions: what moves the retention clock and the soft opt-in.</summary>
public sealed class InteractionRequest
{
    public SubjectRef? Subject { get; set; }
    public string? Kind { get; set; }
    public DateTimeOffset? At { get; set; }
    public bool? SimilarProducts { get; set; }
}

public static class InteractionValidator
{
    public static (IReadOnlyList<Identifier> Identifiers, InteractionFact Fact) Validate(InteractionRequest? request, DateTimeOffset now)
    {
        if (request is null)
        {
            throw RequestValidationException.For("$", "The body must be a JSON object.");
        }
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        if (request.Kind is null || !InteractionKinds.All.Contains(request.Kind))
        {
            errors.Add("kind", "Must be one of: " + string.Join(", ", InteractionKinds.All) + ".");
        }
        if (request.At is null)
        {
            errors.Add("at", "Required: when it happened (ISO 8601 with Z or an offset).");
        }
        else if (request.At > now.AddMinutes(5))
        {
            errors.Add("at", "An interaction cannot be in the future.");
        }
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The interaction is not valid; nothing was recorded.", errors);
        }
        return (identifiers, new InteractionFact(request.Kind!, request.At!.Value, request.SimilarProducts ?? false));
    }
}
