namespace ConsentFunctions.Http;

// What the trigger layer throws about a request before Core sees it; FunctionErrors turns each
// into its problem+json answer. Core's own refusals (validation, forbidden, not found, conflict)
// are in ConsentFunctions.Core.Validation.

/// <summary>The body is larger than the route accepts (413); nothing was read past the limit.</summary>
public sealed class PayloadTooLargeException(int limit) : Exception($"The body is larger than {limit} bytes.")
{
    public int Limit { get; } = limit;
}

/// <summary>The Content-Type is not one the route reads (415); the message says what to send.</summary>
public sealed class UnsupportedMediaTypeException(string detail) : Exception(detail);
