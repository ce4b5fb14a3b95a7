using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Subjects;

/// <summary>The body of POST /api/subjects/object: omitted lists mean all channels or all purposes.</summary>
public sealed class ObjectionRequest
{
    public SubjectRef? Subject { get; set; }
    public List<string?>? Channels { get; set; }
    public List<string?>? Purposes { get; set; }
}

public static class ObjectionValidator
{
    public static (IReadOnlyList<Identifier> Identifiers, IReadOnlyList<string> Channels, IReadOnlyList<string> Purposes) Validate(ObjectionRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        if (request is null)
        {
            throw RequestValidationException.BodyRequired();
        }
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        var channels = List(request.Channels, "channels", Vocabulary.Channels, errors);
        var purposeList = List(request.Purposes, "purposes", purposes, errors);
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The objection is not valid; nothing was recorded.", errors);
        }
        return (identifiers, channels, purposeList);
    }

    private static List<string> List(List<string?>? values, string path, IReadOnlySet<string> allowed, ValidationErrors errors)
    {
        if (values is null)
        {
            return [SuppressionFact.All];
        }
        if (values.Count == 0)
        {
            errors.Add(path, "Omit the list to mean all; an empty list objects to nothing.");
            return [];
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null || !allowed.Contains(values[i]!))
            {
                errors.Add($"{path}[{i}]", "Unknown value.");
            }
        }
        return values.Where(v => v is not null).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
    }
}
