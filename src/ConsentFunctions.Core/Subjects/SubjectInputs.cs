using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Subjects;

/// <summary>A person named in an admin request: by email or by phone (never in a URL).</summary>
public sealed class SubjectRef
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public static class SubjectRefs
{
    /// <summary>The identifiers of a request's only subject, or a validation error under "subject".</summary>
    public static IReadOnlyList<Identifier> Require(SubjectRef? subject)
    {
        var errors = new ValidationErrors();
        var identifiers = Parse(subject, "subject", errors);
        RequestRules.ThrowIfAny(errors, "The subject is not valid; nothing was done.");
        return identifiers;
    }

    /// <summary>
    /// The identifiers of a subject, normalised; errors under <paramref name="path"/>. With both
    /// given, both are returned: the person's records may sit under either.
    /// </summary>
    public static IReadOnlyList<Identifier> Parse(SubjectRef? subject, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var identifiers = new List<Identifier>();
        if (subject is null || (subject.Email is null && subject.Phone is null))
        {
            errors.Add(path, "An email or a phone number is required.");
            return identifiers;
        }
        if (subject.Email is not null)
        {
            if (IdentifierNormalizer.TryNormalizeEmail(subject.Email, out var email))
            {
                identifiers.Add(new Identifier("email", email));
            }
            else
            {
                errors.Add(path + ".email", "Not a valid email address.");
            }
        }
        if (subject.Phone is not null)
        {
            if (IdentifierNormalizer.TryNormalizePhone(subject.Phone, out var phone))
            {
                identifiers.Add(new Identifier("phone", phone));
            }
            else
            {
                errors.Add(path + ".phone", "Not a valid phone number.");
            }
        }
        return identifiers;
    }
}
