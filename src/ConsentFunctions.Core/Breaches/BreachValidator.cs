using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// Turns the bodies of the breach routes into facts, or lists every error by field path. Pure:
/// the current time and the recorded awareAt are parameters.
/// </summary>
public static class BreachValidator
{
    public const int MaxText = 4000;
    public const int MaxShortText = 200;
    public const int MaxCategories = 20;
    public const long MaxCount = 10_000_000_000;

    public static BreachOpening ValidateOpen(BreachRequest? request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        request = RequestRules.Body(request);
        DateTimeOffset? awareAt = null;
        if (request.AwareAt is not { } aware)
        {
            errors.Add("awareAt", "Required: when the controller became aware of the breach (the 72 hours run from it).");
        }
        else if (TimeRules.IsInFuture(aware, now))
        {
            errors.Add("awareAt", "Cannot be in the future.");
        }
        else
        {
            awareAt = Timestamps.ToMilliseconds(aware);
        }
        if (request.Nature is null)
        {
            errors.Add("nature", "Required: what happened, even if little is known yet.");
        }
        var facts = Facts(request, awareAt ?? now, now, errors);
        var note = Text(request.Note, "note", MaxText, errors);
        RequestRules.ThrowIfAny(errors, "The breach is not valid; nothing was recorded.");
        return new BreachOpening(awareAt!.Value, facts, note);
    }

    public static BreachChange ValidateChange(BreachRequest? request, DateTimeOffset awareAt, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        request = RequestRules.Body(request);
        if (request.AwareAt is not null)
        {
            errors.Add("awareAt", "Fixed when the breach was opened: the deadline runs from it. Explain a correction in a note.");
        }
        var change = Facts(request, awareAt, now, errors);
        var note = Text(request.Note, "note", MaxText, errors);
        if (errors.IsEmpty && change == new BreachFacts() && note is null)
        {
            errors.Add("$", "Nothing to add: send at least one fact or a note.");
        }
        RequestRules.ThrowIfAny(errors, "The change is not valid; nothing was recorded.");
        return new BreachChange(change, note);
    }

    public static BreachNotification ValidateNotification(NotifyRequest? request, DateTimeOffset awareAt, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        request = RequestRules.Body(request);
        var notifiedAt = Past(request.NotifiedAt, "notifiedAt", awareAt, now, errors, required: true);
        var reference = Text(request.Reference, "reference", MaxShortText, errors);
        if (reference is null)
        {
            errors.Add("reference", "Required: the authority's reference of the notification.");
        }
        var delayReason = Text(request.DelayReason, "delayReason", MaxText, errors);
        var late = notifiedAt is { } at && BreachRules.DelayReasonRequired(awareAt, at);
        if (late && delayReason is null)
        {
            errors.Add("delayReason", "Required: the notification is later than 72 hours after awareAt (art. 33(1)).");
        }
        RequestRules.ThrowIfAny(errors, "The notification is not valid; nothing was recorded.");
        return new BreachNotification(notifiedAt!.Value, reference!, late, delayReason, Timestamps.ToMilliseconds(now));
    }

    public static BreachDecision ValidateDecision(BreachDecisionRequest? request, BreachFacts current, DateTimeOffset awareAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        var errors = new ValidationErrors();
        request = RequestRules.Body(request);
        var reasons = Text(request.Reasons, "reasons", MaxText, errors);
        if (request.NotifyAuthority is null)
        {
            errors.Add("notifyAuthority", "Required: true or false.");
        }
        else if (request.NotifyAuthority == false)
        {
            if (reasons is null)
            {
                errors.Add("reasons", "Required: why the breach is unlikely to result in a risk to people (art. 33(1), 33(5)).");
            }
            if (current.RiskLevel != BreachRules.NoRisk)
            {
                errors.Add("notifyAuthority", "Only a breach assessed with riskLevel 'none' may go unnotified; record that assessment first (PATCH).");
            }
        }
        var decidedAt = Past(request.DecidedAt, "decidedAt", awareAt, now, errors, required: false) ?? Timestamps.ToMilliseconds(now);
        RequestRules.ThrowIfAny(errors, "The decision is not valid; nothing was recorded.");
        return new BreachDecision(request.NotifyAuthority!.Value, reasons, decidedAt, Timestamps.ToMilliseconds(now));
    }

    /// <summary>
    /// The facts as they stand after a change must not contradict each other: people not told
    /// because the risk is not high, while the recorded risk is high (art. 34(1)).
    /// </summary>
    public static void CheckConsistent(BreachFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.RiskLevel == BreachRules.HighRisk && facts.PeopleInformed is { Informed: false, Reason: "not-high-risk" })
        {
            throw RequestValidationException.For("peopleInformed.reason",
                "'not-high-risk' cannot be the reason while riskLevel is 'high': inform the people, or give an art. 34(3) reason.");
        }
    }

    private static BreachFacts Facts(BreachFacts request, DateTimeOffset awareAt, DateTimeOffset now, ValidationErrors errors)
    {
        DateTimeOffset? occurredAt = null;
        if (request.OccurredAt is { } occurred)
        {
            if (occurred > awareAt)
            {
                errors.Add("occurredAt", "Cannot be after awareAt: one becomes aware of a breach that happened.");
            }
            else
            {
                occurredAt = Timestamps.ToMilliseconds(occurred);
            }
        }
        if (request.RiskLevel is not null && !BreachRules.RiskLevels.Contains(request.RiskLevel))
        {
            errors.Add("riskLevel", "Must be 'none', 'risk' or 'high'.");
        }
        return new BreachFacts
        {
            OccurredAt = occurredAt,
            Nature = Text(request.Nature, "nature", MaxText, errors),
            CategoriesOfPeople = Categories(request.CategoriesOfPeople, "categoriesOfPeople", errors),
            ApproximatePeople = Count(request.ApproximatePeople, "approximatePeople", errors),
            CategoriesOfRecords = Categories(request.CategoriesOfRecords, "categoriesOfRecords", errors),
            ApproximateRecords = Count(request.ApproximateRecords, "approximateRecords", errors),
            LikelyConsequences = Text(request.LikelyConsequences, "likelyConsequences", MaxText, errors),
            Measures = Text(request.Measures, "measures", MaxText, errors),
            DpoContact = Contact(request.DpoContact, errors),
            RiskLevel = request.RiskLevel,
            PeopleInformed = Informed(request.PeopleInformed, awareAt, now, errors),
        };
    }

    private static DpoContact? Contact(DpoContact? contact, ValidationErrors errors)
    {
        if (contact is null)
        {
            return null;
        }
        var name = Line(contact.Name, "dpoContact.name", errors);
        var email = Line(contact.Email, "dpoContact.email", errors);
        var phone = Line(contact.Phone, "dpoContact.phone", errors);
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
        {
            errors.Add("dpoContact.email", "Not an email address.");
        }
        if (name is null && email is null && phone is null)
        {
            errors.Add("dpoContact", "At least a name, an email or a phone number.");
        }
        return new DpoContact(name, email, phone);
    }

    private static PeopleInformed? Informed(PeopleInformed? input, DateTimeOffset awareAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (input is null)
        {
            return null;
        }
        var how = Text(input.How, "peopleInformed.how", MaxText, errors);
        var details = Text(input.Details, "peopleInformed.details", MaxText, errors);
        switch (input.Informed)
        {
            case true:
                var at = Past(input.At, "peopleInformed.at", awareAt, now, errors, required: true);
                if (input.Reason is not null)
                {
                    errors.Add("peopleInformed.reason", "Only when the people were not informed.");
                }
                return new PeopleInformed(true, at, how, null, details);
            case false:
                if (input.At is not null)
                {
                    errors.Add("peopleInformed.at", "Only when the people were informed.");
                }
                if (input.Reason is null || !BreachRules.NotInformedReasons.Contains(input.Reason))
                {
                    errors.Add("peopleInformed.reason", "Required when not informed: " + string.Join(", ", BreachRules.NotInformedReasons) + " (art. 34(3)).");
                }
                else if (input.Reason == "disproportionate-effort" && details is null)
                {
                    errors.Add("peopleInformed.details", "Required with disproportionate-effort: the public communication made instead (art. 34(3)(c)).");
                }
                return new PeopleInformed(false, null, how, input.Reason, details);
            default:
                errors.Add("peopleInformed.informed", "Required: true or false.");
                return null;
        }
    }

    private static DateTimeOffset? Past(DateTimeOffset? value, string path, DateTimeOffset awareAt, DateTimeOffset now, ValidationErrors errors, bool required)
    {
        if (value is not { } at)
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }
            return null;
        }
        if (TimeRules.IsInFuture(at, now))
        {
            errors.Add(path, "Cannot be in the future.");
            return null;
        }
        if (at < awareAt)
        {
            errors.Add(path, "Cannot be before awareAt.");
            return null;
        }
        return Timestamps.ToMilliseconds(at);
    }

    private static IReadOnlyList<string>? Categories(IReadOnlyList<string>? values, string path, ValidationErrors errors)
    {
        if (values is null)
        {
            return null;
        }
        if (values.Count is 0 or > MaxCategories)
        {
            errors.Add(path, $"From 1 to {MaxCategories} categories.");
            return null;
        }
        var result = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var value = Line(values[i], $"{path}[{i}]", errors);
            if (value is null)
            {
                errors.Add($"{path}[{i}]", "Required: a category.");
            }
            else
            {
                result.Add(value);
            }
        }
        return result;
    }

    private static long? Count(long? value, string path, ValidationErrors errors)
    {
        if (value is < 0 or > MaxCount)
        {
            errors.Add(path, $"A whole number from 0 to {MaxCount}.");
            return null;
        }
        return value;
    }

    /// <summary>Free text: not blank, at most <paramref name="max"/> characters, no control characters.</summary>
    private static string? Text(string? value, string path, int max, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(value) || value.Length > max || TextRules.HasForbiddenCharacters(value))
        {
            errors.Add(path, $"Text of 1 to {max} characters, without control characters.");
            return null;
        }
        return value;
    }

    private static string? Line(string? value, string path, ValidationErrors errors)
    {
        var text = Text(value, path, MaxShortText, errors);
        if (text is not null && !TextRules.IsOneLine(text, MaxShortText))
        {
            errors.Add(path, "One line only.");
            return null;
        }
        return text?.Trim();
    }
}

/// <summary>A breach as opened: when the controller became aware of it, the facts known, and a note.</summary>
public sealed record BreachOpening(DateTimeOffset AwareAt, BreachFacts Facts, string? Note);

/// <summary>What a PATCH adds to a breach: the facts it changes, and a note.</summary>
public sealed record BreachChange(BreachFacts Change, string? Note);
