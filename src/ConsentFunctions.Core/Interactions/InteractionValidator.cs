using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Interactions;

/// <summary>Turns the body of POST /api/interactions (one interaction or a batch) into the records to store, or lists every error.</summary>
public static class InteractionValidator
{
    public const int MaxRecords = 1000;

    public static IReadOnlyList<InteractionRecord> Validate(InteractionRequest? request, DateTimeOffset now)
    {
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        var records = new List<InteractionRecord>();
        if (request.Records is null)
        {
            One(request, string.Empty, now, errors, records);
        }
        else if (request.Subject is not null || request.Kind is not null || request.At is not null)
        {
            errors.Add("records", "Either one interaction or a batch in records, not both.");
        }
        else if (request.Records.Count is 0 or > MaxRecords)
        {
            errors.Add("records", $"From 1 to {MaxRecords} records a call.");
        }
        else
        {
            for (var i = 0; i < request.Records.Count; i++)
            {
                if (request.Records[i] is not { Records: null } record)
                {
                    errors.Add($"records[{i}]", "Must be one interaction object.");
                    continue;
                }
                One(record, $"records[{i}].", now, errors, records);
            }
        }
        RequestRules.ThrowIfAny(errors, "The interaction is not valid; nothing was recorded.");
        return records;
    }

    private static void One(InteractionRequest request, string path, DateTimeOffset now, ValidationErrors errors, List<InteractionRecord> records)
    {
        var before = errors.ToDictionary().Count;
        var identifiers = SubjectRefs.Parse(request.Subject, path + "subject", errors);
        if (request.Kind is null || !InteractionKinds.All.Contains(request.Kind))
        {
            errors.Add(path + "kind", "Must be one of: " + string.Join(", ", InteractionKinds.All) + ".");
        }
        else if (InteractionKinds.Calls.Contains(request.Kind) && request.Subject?.Phone is null)
        {
            errors.Add(path + "subject.phone", "A call record names the phone number called.");
        }
        if (request.At is null)
        {
            errors.Add(path + "at", "Required: when it happened (ISO 8601 with Z or an offset).");
        }
        else if (TimeRules.IsInFuture(request.At.Value, now))
        {
            errors.Add(path + "at", "An interaction cannot be in the future.");
        }
        if (errors.ToDictionary().Count != before)
        {
            return;
        }
        // A call is about the number called; other interactions are the person's under every identifier given.
        var under = InteractionKinds.Calls.Contains(request.Kind!) ? identifiers.Where(i => !i.IsEmail).ToList() : identifiers;
        records.Add(new InteractionRecord(under, new InteractionFact(request.Kind!, request.At!.Value, request.SimilarProducts ?? false)));
    }
}

/// <summary>One validated interaction: the identifiers it is recorded under and the fact.</summary>
public sealed record InteractionRecord(IReadOnlyList<Identifier> Identifiers, InteractionFact Fact);
