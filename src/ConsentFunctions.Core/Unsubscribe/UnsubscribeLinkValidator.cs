using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>Turns the body of POST /api/unsubscribe-links into what the link is for, or lists every error.</summary>
public static class UnsubscribeLinkValidator
{
    public static UnsubscribeLinkTarget Validate(UnsubscribeLinkRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        RequestRules.CheckChannel(request.Channel, errors);
        RequestRules.CheckPurpose(request.Purpose, purposes, errors);
        RequestRules.CheckPageLanguage(request.Language, errors);
        RequestRules.ThrowIfAny(errors, "The link request is not valid.");
        return new UnsubscribeLinkTarget(identifiers[0], request.Channel!, request.Purpose!, request.Language ?? "");
    }
}

/// <summary>
/// Whom an unsubscribe link is for and what it withdraws: the first identifier given, the channel
/// and purpose, and the page's language ("" when the reader's browser decides).
/// </summary>
public sealed record UnsubscribeLinkTarget(Identifier Identifier, string Channel, string Purpose, string Language);
