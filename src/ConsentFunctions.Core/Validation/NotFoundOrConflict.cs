namespace ConsentFunctions.Core.Validation;

// What Core throws when the request was well formed but the stored state refuses it. The trigger
// layer maps both in one place (src/ConsentFunctions/Http/FunctionErrors.cs): 404 and 409, as
// problem+json. A feature derives its own (BreachNotFoundException) to say which thing.

/// <summary>The thing the request names does not exist (404); nothing was changed.</summary>
/// <param name="what">The thing, as the answer names it: "The breach" → "The breach was not found."</param>
public class NotFoundException(string what) : Exception(what + " was not found.")
{
    public string What { get; } = what;
}

/// <summary>The change contradicts what is stored (409); nothing was recorded.</summary>
/// <param name="type">The problem type's last segment (urn:consentfunctions:problem:{type}).</param>
public class ConflictException(string type, string title, string detail) : Exception(detail)
{
    public string Type { get; } = type;
    public string Title { get; } = title;
}
