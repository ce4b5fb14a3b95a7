using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Preferences;

/// <summary>Turns the body of POST /api/preference-links into whom the link is for, or lists every error.</summary>
public static class PreferenceLinkValidator
{
    public static PreferenceLinkTarget Validate(PreferenceLinkRequest? request)
    {
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        RequestRules.CheckPageLanguage(request.Language, errors);
        RequestRules.ThrowIfAny(errors, "The link request is not valid.");
        return new PreferenceLinkTarget(identifiers[0], request.Language ?? "");
    }
}

/// <summary>Whom a preference link is for (the first identifier given) and the page's language ("" when the reader's browser decides).</summary>
public sealed record PreferenceLinkTarget(Identifier Identifier, string Language);
