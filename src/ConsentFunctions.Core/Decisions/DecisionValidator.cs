using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Decisions;

/// <summary>Turns the body of POST /api/decisions into the question and the identifiers to decide on, or lists every error.</summary>
public static class DecisionValidator
{
    public const int MaxSubjects = 1000;
    public const int MaxCampaignLength = 100;

    /// <summary>The question and, per subject, the identifier to decide on; every error at once.</summary>
    public static DecisionQuery Validate(DecisionRequest? request, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        request = RequestRules.Body(request);
        var errors = new ValidationErrors();
        if (!RequestRules.IsChannel(request.Channel))
        {
            errors.Add("channel", "Unknown channel: " + string.Join(", ", Vocabulary.Channels) + ".");
        }
        RequestRules.CheckPurpose(request.Purpose, purposes, errors);
        if (request.At is null)
        {
            errors.Add("at", "Required: when the contact would happen (ISO 8601 with Z or an offset).");
        }
        if (request.Audience is not null && !Vocabulary.Audiences.Contains(request.Audience))
        {
            errors.Add("audience", "Must be 'consumer' or 'professional'.");
        }
        if (request.Partner is not null && !TextRules.IsMeaningfulText(request.Partner, 200))
        {
            errors.Add("partner", "At most 200 characters, with a letter or digit.");
        }
        if (request.Campaign is not null && (!IsCampaignName(request.Campaign) || TextRules.HasForbiddenCharacters(request.Campaign)))
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
        RequestRules.ThrowIfAny(errors, "The decision request is not valid; nothing was read.");
        var question = new DecisionQuestion(request.Channel!, request.Purpose!, request.At!.Value, request.Audience,
            request.SimilarProducts ?? false, request.RelatedToProfession ?? false, request.Partner, request.Campaign);
        return new DecisionQuery(question, identifiers);
    }

    /// <summary>A campaign's name, as decision records are kept under it: 1 to <see cref="MaxCampaignLength"/> characters, no control character.</summary>
    public static bool IsCampaignName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length is > 0 and <= MaxCampaignLength && !value.Any(char.IsControl);
    }

    // With both an email and a phone, the one the channel reaches is the one that decides.
    private static Identifier Choose(IReadOnlyList<Identifier> identifiers, string? channel)
    {
        var wantsPhone = ChannelCatalog.ReachedByPhone(channel);
        return identifiers.FirstOrDefault(i => i.IsEmail != wantsPhone) ?? identifiers[0];
    }
}

/// <summary>A valid decision request: the question, and per subject the one identifier the channel reaches.</summary>
public sealed record DecisionQuery(DecisionQuestion Question, IReadOnlyList<Identifier> Identifiers);
