namespace ConsentFunctions.Core.Validation;

/// <summary>Validation messages keyed by field path (<c>consents[1].wording</c>), as problem+json carries them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            list = [];
            _errors[path] = list;
        }
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>Thrown by request parsing when the input is not acceptable; carries the field errors.</summary>
public sealed class RequestValidationException(string detail, ValidationErrors errors) : Exception(detail)
{
    /// <summary>The answer to a body that is JSON <c>null</c> rather than an object, written once.</summary>
    public const string NotAJsonObject = "The body must be a JSON object.";

    public ValidationErrors Errors { get; } = errors;

    /// <summary>The body is JSON <c>null</c> (or a validator was handed no request): <see cref="NotAJsonObject"/>, at "$".</summary>
    public static RequestValidationException BodyRequired() => For("$", NotAJsonObject);

    /// <summary>The request refused as a whole, no field named: the answer carries only <paramref name="detail"/>.</summary>
    public static RequestValidationException Whole(string detail) => new(detail, new ValidationErrors());

    public static RequestValidationException For(string path, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(path, message);
        return new RequestValidationException(message, errors);
    }
}

/// <summary>Thrown when the caller may not do what it asks on this route (403); nothing was changed.</summary>
public sealed class ForbiddenRequestException(string type, string title, string detail) : Exception(detail)
{
    public string Type { get; } = type;
    public string Title { get; } = title;
}
