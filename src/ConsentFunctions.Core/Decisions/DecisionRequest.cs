using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Decisions;

/// <summary>The body of POST /api/decisions.</summary>
public sealed class DecisionRequest
{
    public string? Channel { get; set; }
    public string? Purpose { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Audience { get; set; }
    public bool? SimilarProducts { get; set; }
    public bool? RelatedToProfession { get; set; }
    public string? Partner { get; set; }
    public string? Campaign { get; set; }
    public List<SubjectRef?>? Subjects { get; set; }
}

public static class DecisionRequestValidator
{
    public const int MaxSubjects = 1000;
    public const int MaxCampaignLength = 100;

    /// <summary>The question and, per subject, the identifier to decide on; every error at once.</summary>
    public static (DecisionQuestion Question, IReadOnlyList<Identifier> Identifiers) Validate(DecisionRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        if (request is null)
        {
            throw RequestValidationException.BodyRequired();
        }
        var errors = new ValidationErrors();
        if (request.Channel is null || !Vocabulary.Channels.Contains(request.Channel))
        {
            errors.Add("channel", "Unknown channel: " + string.Join(", ", Vocabulary.Channels) + ".");
        }
        if (request.Purpose is null || !purposes.Contains(request.Purpose))
        {
            errors.Add("purpose", "Unknown purpose.");
        }
        if (request.At is null)
        {
            errors.Add("at", "Required: when the contact would happen (ISO 8601 with Z or an offset).");
        }
        if (request.Audience is not null && !Vocabulary.Audiences.Contains(request.Audience))
        {
            errors.Add("audience", "Must be 'consumer' or 'professional'.");
        }
        if (request.Partner is not null && (request.Partner.Length > 200 || TextRules.HasForbiddenCharacters(request.Partner) || !TextRules.HasMeaning(request.Partner)))
        {
            errors.Add("partner", "At most 200 characters, with a letter or digit.");
        }
        if (request.Campaign is not null && (request.Campaign.Length is 0 or > MaxCampaignLength || request.Campaign.Any(char.IsControl) || TextRules.HasForbiddenCharacters(request.Campaign)))
        {
            errors.Add("campaign", $"At most {MaxCampaignLength} characters on one line, no control characters.");
        }
        var identifiers = new List<Identifier>();
        if (request.Subjects is null || request.Subjects.Count == 0)
        {
            errors.Add("subjects", "At least one subject is required.");
        }
        else if (request.Subjects.Count > MaxSubjects)
        {
            errors.Add("subjects", $"At most {MaxSubjects} subjects a call.");
        }
        else
        {
            for (var i = 0; i < request.Subjects.Count; i++)
            {
                var parsed = SubjectRefs.Parse(request.Subjects[i], $"subjects[{i}]", errors);
                if (parsed.Count > 0)
                {
                    identifiers.Add(Choose(parsed, request.Channel));
                }
            }
        }
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The decision request is not valid; nothing was read.", errors);
        }
        var question = new DecisionQuestion(request.Channel!, request.Purpose!, request.At!.Value, request.Audience,
            request.SimilarProducts ?? false, request.RelatedToProfession ?? false, request.Partner, request.Campaign);
        return (question, identifiers);
    }

    // With both an email and a phone, the one the channel reaches is the one that decides.
    private static Identifier Choose(IReadOnlyList<Identifier> identifiers, string? channel)
    {
        var wantsPhone = ChannelCatalog.ReachedByPhone(channel);
        return identifiers.FirstOrDefault(i => i.IsEmail != wantsPhone) ?? identifiers[0];
    }
}
