using System.Diagnostics.CodeAnalysis;

namespace ConsentFunctions.Core.Validation;

/// <summary>
/// The rules many request bodies share, each written once. Where a route's message is the common
/// one at the common field, a Check* method adds it; elsewhere a validator calls the Is* rule and
/// adds its own message under its own field path (clients read them, so they stay as they are).
/// The other shared rules: identifiers in <see cref="Subjects.SubjectRefs.Parse"/>, identifier-like
/// and free text in <see cref="TextRules"/>, dates in <see cref="TimeRules"/>, URLs in <see cref="HttpUrls"/>.
/// </summary>
public static class RequestRules
{
    /// <summary>The body, or the one answer to a body that is JSON <c>null</c> (<see cref="RequestValidationException.NotAJsonObject"/>, at "$").</summary>
    public static T Body<T>(T? request) where T : class
        => request ?? throw RequestValidationException.BodyRequired();

    /// <summary>A channel of the contract (<see cref="Vocabulary.Channels"/>).</summary>
    public static bool IsChannel([NotNullWhen(true)] string? value) => value is not null && Vocabulary.Channels.Contains(value);

    /// <summary>A purpose this deployment knows (the built-in ones and <c>Capture:ExtraPurposes</c>).</summary>
    public static bool IsPurpose([NotNullWhen(true)] string? value, IReadOnlySet<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        return value is not null && purposes.Contains(value);
    }

    /// <summary>A language tag such as fr-FR: 2 to 35 ASCII letters, digits and hyphens.</summary>
    public static bool IsLanguageTag([NotNullWhen(true)] string? value)
        => value is { Length: >= 2 and <= 35 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The language of the page a link opens: "fr", "en", or omitted (the reader's browser decides).</summary>
    public static bool IsPageLanguage(string? value) => value is null or "fr" or "en";

    /// <summary>The top-level "channel" of a body: "Unknown channel." unless it is one of the contract.</summary>
    public static void CheckChannel(string? value, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!IsChannel(value))
        {
            errors.Add("channel", "Unknown channel.");
        }
    }

    /// <summary>The top-level "purpose" of a body: "Unknown purpose." unless this deployment knows it.</summary>
    public static void CheckPurpose(string? value, IReadOnlySet<string> purposes, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!IsPurpose(value, purposes))
        {
            errors.Add("purpose", "Unknown purpose.");
        }
    }

    /// <summary>The top-level "language" of a link request: "fr", "en" or omitted.</summary>
    public static void CheckPageLanguage(string? value, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!IsPageLanguage(value))
        {
            errors.Add("language", "Must be 'fr' or 'en'.");
        }
    }

    /// <summary>Throws one <see cref="RequestValidationException"/> with every error, when there is one.</summary>
    /// <param name="detail">The answer's detail: what was refused and that nothing was done.</param>
    public static void ThrowIfAny(ValidationErrors errors, string detail)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException(detail, errors);
        }
    }
}
