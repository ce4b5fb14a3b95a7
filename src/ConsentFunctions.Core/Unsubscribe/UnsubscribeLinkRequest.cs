using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

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

public static class UnsubscribeLinkValidator
{
    public static (Identifier Identifier, string Channel, string Purpose, string Language) Validate(UnsubscribeLinkRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        if (request is null)
        {
            throw RequestValidationException.BodyRequired();
        }
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        if (request.Channel is null || !Vocabulary.Channels.Contains(request.Channel))
        {
            errors.Add("channel", "Unknown channel.");
        }
        if (request.Purpose is null || !purposes.Contains(request.Purpose))
        {
            errors.Add("purpose", "Unknown purpose.");
        }
        if (request.Language is not (null or "fr" or "en"))
        {
            errors.Add("language", "Must be 'fr' or 'en'.");
        }
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The link request is not valid.", errors);
        }
        return (identifiers[0], request.Channel!, request.Purpose!, request.Language ?? "");
    }
}
