using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Subjects;

/// <summary>Turns the body of POST /api/subjects/object into the objection to record, or lists every error.</summary>
public static class ObjectionValidator
{
    public static Objection Validate(ObjectionRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        var channels = List(request.Channels, "channels", Vocabulary.Channels, errors);
        var purposeList = List(request.Purposes, "purposes", purposes, errors);
        RequestRules.ThrowIfAny(errors, "The objection is not valid; nothing was recorded.");
        return new Objection(identifiers, channels, purposeList);
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

/// <summary>A valid objection: the person's identifiers, and the channels and purposes objected to (<see cref="SuppressionFact.All"/> for all).</summary>
public sealed record Objection(IReadOnlyList<Identifier> Identifiers, IReadOnlyList<string> Channels, IReadOnlyList<string> Purposes);
