using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Notices;

public static class NoticeValidator
{
    public static Notice Validate(NoticeRequest? request, IReadOnlySet<string> purposes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        if (request is null)
        {
            throw RequestValidationException.BodyRequired();
        }
        var errors = new ValidationErrors();
        if (!TextRules.IsSafeId(request.NoticeId, 100))
        {
            errors.Add("noticeId", "Required: letters, digits, . _ - (with a letter or digit), at most 100.");
        }
        if (!TextRules.IsSafeId(request.Version, 50))
        {
            errors.Add("version", "Required: letters, digits, . _ - (with a letter or digit), at most 50.");
        }
        if (request.Language is null || request.Language.Length is < 2 or > 35 || !request.Language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add("language", "Required: a language tag such as fr-FR.");
        }
        if (request.Purpose is null || !purposes.Contains(request.Purpose))
        {
            errors.Add("purpose", "Unknown purpose.");
        }
        if (request.Channel is null || !Vocabulary.Channels.Contains(request.Channel))
        {
            errors.Add("channel", "Unknown channel.");
        }
        if (request.Wording is null || TextRules.HasForbiddenCharacters(request.Wording))
        {
            errors.Add("wording", request.Wording is null ? "Required: the exact text shown." : "Holds control characters or broken Unicode.");
        }
        else if (!TextRules.HasMeaning(request.Wording))
        {
            errors.Add("wording", "Required: the exact text shown, with a letter or digit (not only spaces or invisible characters).");
        }
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The notice is not valid; nothing was registered.", errors);
        }
        return new Notice(request.NoticeId!, request.Version!, request.Language!, request.Purpose!, request.Channel!,
            request.Wording!, WordingHash.Sha256Hex(request.Wording!), now);
    }
}
