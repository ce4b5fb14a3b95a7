using System.Text.Json;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFunctions.Http;

/// <summary>
/// A JSON answer written with the app's own serializer options, so both hosts (Azure and the
/// local host) send the same bytes whatever their MVC formatter settings.
/// </summary>
public sealed class JsonBodyResult(int statusCode, object? value, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public int StatusCode { get; } = statusCode;
    public object? Value { get; } = value;
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, headerValue) in Headers)
        {
            response.Headers[name] = headerValue;
        }
        if (Value is null)
        {
            SecurityHeaders.Apply(response);
            return;
        }
        response.ContentType = contentType;
        SecurityHeaders.Apply(response);
        await JsonSerializer.SerializeAsync(response.Body, Value, Value.GetType(), JsonDefaults.Options);
    }

    public JsonBodyResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}

/// <summary>RFC 9457 problem details: never a stack trace, a storage message or data the caller did not send.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

public static class ApiResults
{
    private const string ProblemContentType = "application/problem+json; charset=utf-8";

    public static JsonBodyResult Json(int status, object value) => new(status, value);

    /// <summary>200 with a JSON body.</summary>
    public static JsonBodyResult Ok(object value) => Json(StatusCodes.Status200OK, value);

    /// <summary>201 with a JSON body and the Location of what was created.</summary>
    public static JsonBodyResult Created(object value, string location) => Json(StatusCodes.Status201Created, value).WithHeader("Location", location);

    public static JsonBodyResult Problem(int status, string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        => new(status, new ProblemBody("urn:consentfunctions:problem:" + type, title, status, detail, errors), ProblemContentType);

    public static JsonBodyResult Validation(RequestValidationException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // A request refused as a whole (a query, no body field) names no field: the answer carries no errors member.
        return Problem(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", e.Message, e.Errors.IsEmpty ? null : e.Errors.ToDictionary());
    }

    public static JsonBodyResult NotFound(string what)
        => Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", what + " was not found.");

    /// <summary>409: the change contradicts what is stored; the type and title say which rule.</summary>
    public static JsonBodyResult Conflict(string type, string title, string detail)
        => Problem(StatusCodes.Status409Conflict, type, title, detail);

    /// <summary>Seconds a client waits before retrying after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    public static JsonBodyResult StorageUnavailable()
        => Problem(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage is unavailable.",
            "Nothing was acknowledged. Retry later; with the same submission id a retry is safe.")
            .WithHeader("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A text or HTML answer, written without MVC's executors so both hosts send the same bytes.</summary>
public sealed class TextBodyResult(int statusCode, string contentType, string content) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = contentType;
        SecurityHeaders.Apply(response);
        return response.WriteAsync(content);
    }
}
