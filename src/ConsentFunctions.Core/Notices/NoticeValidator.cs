using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Notices;

public static class NoticeValidator
{
    public static Notice Validate(NoticeRequest? request, IReadOnlySet<string> purposes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        if (!TextRules.IsSafeId(request.NoticeId, 100))
        {
            errors.Add("noticeId", "Required: letters, digits, . _ - (with a letter or digit), at most 100.");
        }
        if (!TextRules.IsSafeId(request.Version, 50))
        {
            errors.Add("version", "Required: letters, digits, . _ - (with a letter or digit), at most 50.");
        }
        if (!RequestRules.IsLanguageTag(request.Language))
        {
            errors.Add("language", "Required: a language tag such as fr-FR.");
        }
        RequestRules.CheckPurpose(request.Purpose, purposes, errors);
        RequestRules.CheckChannel(request.Channel, errors);
        if (request.Wording is null || TextRules.HasForbiddenCharacters(request.Wording))
        {
            errors.Add("wording", request.Wording is null ? "Required: the exact text shown." : "Holds control characters or broken Unicode.");
        }
        else if (!TextRules.HasMeaning(request.Wording))
        {
            errors.Add("wording", "Required: the exact text shown, with a letter or digit (not only spaces or invisible characters).");
        }
        RequestRules.ThrowIfAny(errors, "The notice is not valid; nothing was registered.");
        return new Notice(request.NoticeId!, request.Version!, request.Language!, request.Purpose!, request.Channel!,
            request.Wording!, WordingHash.Sha256Hex(request.Wording!), now);
    }
}
