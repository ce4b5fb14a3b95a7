using System.Net.Http.Headers;
using System.Text.Json;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Http;

public enum BodyKind
{
    Json,
    Form,
}

/// <summary>
/// Reads request bodies with a hard size limit, before anything parses them: the one reader of
/// every route (what it throws is in RequestExceptions.cs, mapped to answers by FunctionErrors).
/// </summary>
public static class RequestBodies
{
    public static async Task<byte[]> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            throw new PayloadTooLargeException(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new PayloadTooLargeException(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>JSON (UTF-8 only), or the two encodings of plain HTML forms.</summary>
    public static BodyKind KindOf(HttpRequest request, bool formsAllowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            throw new UnsupportedMediaTypeException("Send Content-Type: application/json" + (formsAllowed ? ", application/x-www-form-urlencoded or multipart/form-data." : "."));
        }
        var type = mediaType.MediaType?.ToLowerInvariant();
        if (type == "application/json")
        {
            var charset = mediaType.CharSet?.Trim('"').ToLowerInvariant();
            if (charset is not null and not "utf-8" and not "utf8")
            {
                throw new UnsupportedMediaTypeException("JSON must be UTF-8.");
            }
            return BodyKind.Json;
        }
        if (formsAllowed && type is "application/x-www-form-urlencoded" or "multipart/form-data")
        {
            return BodyKind.Form;
        }
        throw new UnsupportedMediaTypeException("Unsupported Content-Type.");
    }

    /// <summary>An admin route's JSON body: content type checked, size limited, parsed.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, int limit) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        KindOf(request, formsAllowed: false);
        var body = await ReadLimitedAsync(request, limit, request.HttpContext.RequestAborted);
        return ParseJson<T>(body);
    }

    public static T ParseJson<T>(ReadOnlySpan<byte> body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, JsonDefaults.Options)
                ?? throw RequestValidationException.BodyRequired();
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For(PathOf(e.Path), "Malformed JSON, a duplicated field, or a value of the wrong type.");
        }
        catch (InvalidOperationException)
        {
            throw RequestValidationException.For("$", "The JSON holds text that is not valid Unicode.");
        }
    }

    /// <summary>"$.consents[0].checked" → "consents[0].checked", the field path of problem+json.</summary>
    public static string PathOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "$";
        }
        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }
}
