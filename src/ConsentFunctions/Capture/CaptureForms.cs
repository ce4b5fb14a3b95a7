using System.Text.Json;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Capture;

/// <summary>Plain HTML form posts (urlencoded or multipart), read from the already size-checked body.</summary>
public static class CaptureForms
{
    public static async Task<CaptureRequest> ParseAsync(HttpRequest req, byte[] body, BrowserForm? browser = null)
    {
        ArgumentNullException.ThrowIfNull(req);
        // Decoded by the page's declared charset, never ASP.NET's UTF-8-only reader (see FormBodies).
        var fields = await Http.FormBodies.ReadAsync(req, body);
        browser?.Read(fields);
        var json = FormFields.ToJson(fields);
        try
        {
            return json.Deserialize<CaptureRequest>(JsonDefaults.Options)
                ?? throw RequestValidationException.For("$", "The form is empty.");
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For(Http.RequestBodies.PathOf(e.Path), "A field holds a value of the wrong type.");
        }
        catch (InvalidOperationException)
        {
            throw RequestValidationException.For("$", "The form's field names do not fit the contract.");
        }
    }
}
