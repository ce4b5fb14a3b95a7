using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Http;

/// <summary>
/// Booleans of query strings, read strictly: absent is false, <c>true</c> or <c>false</c> say so,
/// anything else (<c>?dryRun=</c>, <c>?dryRun=yes</c>, the name twice) is a 400. A typo must never
/// turn a dry run into a real, destructive one.
/// </summary>
public static class QueryFlags
{
    public static bool Read(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(name, out var values))
        {
            return false;
        }
        if (values.Count != 1)
        {
            throw RequestValidationException.For(name, "Must be given once, as true or false.");
        }
        return values[0] switch
        {
            "true" => true,
            "false" => false,
            _ => throw RequestValidationException.For(name, "Must be true or false."),
        };
    }
}
