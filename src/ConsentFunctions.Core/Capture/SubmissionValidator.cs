using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Capture;

/// <summary>Turns a received request into a normalised <see cref="Submission"/>, or lists every error.</summary>
public static class SubmissionValidator
{
    private const int MaxNameLength = 100;
    private const int MaxUrlLength = 2048;
    private const int MaxPartners = 100;

    // Imports date acts by when the person acted; nothing before this is a plausible collection.
    private static readonly DateTimeOffset EarliestCollection = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="admin">Whether the caller holds the admin key: only then may it import a partner's consents.</param>
    public static Submission Validate(CaptureRequest? request, string? idempotencyKey, IReadOnlySet<string> purposes, DateTimeOffset now, bool admin)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();

        var submissionId = SubmissionIdOf(request.SubmissionId, idempotencyKey, errors);
        var subject = SubjectOf(request.Subject, errors);
        var audience = request.Audience ?? "consumer";
        if (!Vocabulary.Audiences.Contains(audience))
        {
            errors.Add("audience", "Must be 'consumer' or 'professional'.");
        }
        var form = FormOf(request.Form, errors);
        var source = SourceOf(request.Source, now, errors);
        if (request.Source?.Kind == "partner" && !admin)
        {
            // Anyone can post to the public route; a partner's consents come only from an authenticated import.
            throw new ForbiddenRequestException("partner-import-requires-admin-key", "Partner imports need the admin key.",
                "Consents collected by a partner are imported server to server with the admin key (POST /api/consents/import); nothing was recorded.");
        }
        var consents = ConsentsOf(request.Consents, purposes, request.Form?.ConditionalOnReward ?? false, errors);

        RequestRules.ThrowIfAny(errors, "The submission is not valid; nothing was recorded.");
        return new Submission(submissionId, subject!, audience, form!, source!, consents);
    }

    private static string? SubmissionIdOf(string? fromBody, string? fromHeader, ValidationErrors errors)
    {
        if (fromBody is not null && fromHeader is not null && fromBody != fromHeader)
        {
            errors.Add("submissionId", "Differs from the Idempotency-Key header.");
            return null;
        }
        var id = fromBody ?? fromHeader;
        if (id is not null && !TextRules.IsSafeId(id, 128))
        {
            errors.Add("submissionId", "At most 128 letters, digits and . _ - (a UUID is best).");
            return null;
        }
        return id;
    }

    private static SubjectIdentity? SubjectOf(SubjectInput? input, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add("subject", "Required: the person who filled in the form.");
            return null;
        }
        string? email = null, phone = null;
        if (input.Email is not null)
        {
            if (IdentifierNormalizer.TryNormalizeEmail(input.Email, out var e))
            {
                email = e;
            }
            else
            {
                errors.Add("subject.email", "Not a valid email address.");
            }
        }
        if (input.Phone is not null)
        {
            if (IdentifierNormalizer.TryNormalizePhone(input.Phone, out var p))
            {
                phone = p;
            }
            else
            {
                errors.Add("subject.phone", "Not a valid phone number (E.164, or French national format).");
            }
        }
        if (input.Email is null && input.Phone is null)
        {
            errors.Add("subject", "An email or a phone number is required.");
        }
        var firstName = Name(input.FirstName, "subject.firstName", errors);
        var lastName = Name(input.LastName, "subject.lastName", errors);
        var customerId = Name(input.CustomerId, "subject.customerId", errors);
        if (input.TimeZone is not null && !Calling.IanaTimeZones.IsValid(input.TimeZone))
        {
            errors.Add("subject.timeZone", "Not a time zone: an IANA name such as Europe/Paris or America/Martinique.");
        }
        return new SubjectIdentity(email, phone, firstName, lastName, customerId, input.Under15, input.Under15 == true ? input.ParentalConsent ?? false : input.ParentalConsent,
            input.TimeZone);
    }

    private static string? Name(string? value, string path, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }
        if (!TextRules.IsOneLine(value, MaxNameLength))
        {
            errors.Add(path, $"At most {MaxNameLength} characters on one line.");
            return null;
        }
        return value.Trim();
    }

    private static FormInfo? FormOf(FormInput? input, ValidationErrors errors)
    {
        if (input is null || !TextRules.IsSafeId(input.Id, 100))
        {
            errors.Add("form.id", "Required: the form's id (letters, digits, . _ -, at most 100).");
            return null;
        }
        if (input.Url is not null && (input.Url.Length > MaxUrlLength || !HttpUrls.IsValid(input.Url)))
        {
            errors.Add("form.url", "Must be an absolute http(s) URL.");
        }
        if (input.Language is not null && !RequestRules.IsLanguageTag(input.Language))
        {
            errors.Add("form.language", "Must be a language tag such as fr-FR.");
        }
        var kind = input.Kind ?? FormKinds.Collection;
        if (!FormKinds.All.Contains(kind))
        {
            errors.Add("form.kind", "Must be 'collection' (boxes shown unticked) or 'preferences' (the person's current choices shown).");
        }
        return new FormInfo(input.Id!, input.Url, input.Language, kind, input.ConditionalOnReward);
    }

    private static SourceInfo? SourceOf(SourceInput? input, DateTimeOffset now, ValidationErrors errors)
    {
        var kind = input?.Kind ?? "form";
        if (!Vocabulary.SourceKinds.Contains(kind))
        {
            errors.Add("source.kind", "Must be 'form' or 'partner'.");
            return null;
        }
        var partner = input?.Partner;
        if (kind == "partner" && !TextRules.IsMeaningfulText(partner, 200))
        {
            errors.Add("source.partner", "Required with kind 'partner': the partner who handed the data over.");
            return null;
        }
        var collectedAt = input?.CollectedAt;
        if (kind != "partner")
        {
            if (collectedAt is not null)
            {
                errors.Add("source.collectedAt", "Only a partner import is dated by its collection; a form is dated by the server.");
                return null;
            }
            return new SourceInfo(kind, null);
        }
        if (collectedAt is null || TimeRules.IsInFuture(collectedAt.Value, now) || collectedAt < EarliestCollection)
        {
            errors.Add("source.collectedAt", "Required with kind 'partner': when the person acted on the partner's form (not in the future, not before 2000).");
            return null;
        }
        return new SourceInfo(kind, partner, collectedAt.Value.ToUniversalTime());
    }

    private static List<ConsentClaim> ConsentsOf(List<ConsentInput?>? inputs, IReadOnlySet<string> purposes, bool formConditional, ValidationErrors errors)
    {
        var claims = new List<ConsentClaim>();
        if (inputs is null || inputs.Count == 0)
        {
            errors.Add("consents", "At least one consent box is required.");
            return claims;
        }
        if (inputs.Count > CaptureOptions.MaxConsents)
        {
            errors.Add("consents", $"At most {CaptureOptions.MaxConsents} boxes in one submission.");
            return claims;
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var path = $"consents[{i}]";
            var input = inputs[i];
            if (input is null)
            {
                errors.Add(path, "Must be an object.");
                continue;
            }
            var before = errors.ToDictionary().Count;
            if (!RequestRules.IsPurpose(input.Purpose, purposes))
            {
                errors.Add(path + ".purpose", "Unknown purpose: " + string.Join(", ", purposes.Order(StringComparer.Ordinal)) + ".");
            }
            if (!RequestRules.IsChannel(input.Channel))
            {
                errors.Add(path + ".channel", "Unknown channel: " + string.Join(", ", Vocabulary.Channels) + ".");
            }
            if (input.CheckedByDefault is null)
            {
                errors.Add(path + ".checkedByDefault", "Required: whether the box was ticked when the form was shown.");
            }
            var hasNotice = input.NoticeId is not null || input.NoticeVersion is not null;
            // A look-up of a registered notice: ids registered before ':' was refused stay usable.
            if (hasNotice && (!TextRules.IsStoredId(input.NoticeId, 100) || !TextRules.IsStoredId(input.NoticeVersion, 50)))
            {
                errors.Add(path + ".noticeId", "noticeId and noticeVersion go together (letters, digits, . _ -).");
            }
            if (input.Wording is null && !hasNotice)
            {
                errors.Add(path + ".wording", "The wording shown, or the noticeId and noticeVersion of a registered notice, is required.");
            }
            if (input.Wording is not null && TextRules.HasForbiddenCharacters(input.Wording))
            {
                errors.Add(path + ".wording", "Holds control characters or broken Unicode.");
            }
            else if (input.Wording is not null && !TextRules.HasMeaning(input.Wording))
            {
                // A wording of spaces or zero-width characters is no proof of what was shown.
                errors.Add(path + ".wording", "Must hold the text shown: a letter or digit, not only spaces or invisible characters.");
            }
            if (input.Mode is not null && !BoxModes.All.Contains(input.Mode))
            {
                errors.Add(path + ".mode", "Must be 'opt-in' (tick to consent) or 'opt-out' (tick to object).");
            }
            var partners = PartnersOf(input.Partners, path, errors);
            if (input.Purpose is not null && input.Channel is not null && !seen.Add((input.Purpose, input.Channel)))
            {
                errors.Add(path, "Another box of this submission has the same purpose and channel.");
            }
            if (errors.ToDictionary().Count != before)
            {
                continue;
            }
            claims.Add(new ConsentClaim(input.Purpose!, input.Channel!, input.Wording, input.Checked ?? false,
                input.CheckedByDefault!.Value, input.BundledWithTerms ?? false, input.NoticeId, input.NoticeVersion, partners,
                input.Mode ?? BoxModes.OptIn, input.ConditionalOnReward ?? formConditional));
        }
        return claims;
    }

    private static List<string>? PartnersOf(List<string?>? partners, string path, ValidationErrors errors)
    {
        if (partners is null)
        {
            return null;
        }
        if (partners.Count > MaxPartners || partners.Any(p => !TextRules.IsMeaningfulText(p, 200)))
        {
            errors.Add(path + ".partners", $"At most {MaxPartners} partner names, each with a letter or digit.");
            return null;
        }
        return partners.Select(p => p!).ToList();
    }
}
