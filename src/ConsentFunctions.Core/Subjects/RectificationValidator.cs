using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Subjects;

/// <summary>Turns the body of POST /api/subjects/rectify into the correction to make, or lists every error.</summary>
public static class RectificationValidator
{
    public const int MaxNameLength = 100;

    public static Rectification Validate(RectifyRequest? request)
    {
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        foreach (var (path, value) in new[] { ("firstName", request.FirstName), ("lastName", request.LastName), ("customerId", request.CustomerId) })
        {
            if (value is not null && !TextRules.IsOneLine(value, MaxNameLength))
            {
                errors.Add(path, $"At most {MaxNameLength} characters on one line.");
            }
        }
        if (request.FirstName is null && request.LastName is null && request.CustomerId is null)
        {
            errors.Add("$", "Name at least one field to correct: firstName, lastName, customerId.");
        }
        RequestRules.ThrowIfAny(errors, "The correction is not valid; nothing was changed.");
        return new Rectification(identifiers, request.FirstName?.Trim(), request.LastName?.Trim(), request.CustomerId?.Trim());
    }
}

/// <summary>A valid correction: the person's identifiers and the profile fields to set, trimmed (null: left as stored).</summary>
public sealed record Rectification(IReadOnlyList<Identifier> Identifiers, string? FirstName, string? LastName, string? CustomerId);
