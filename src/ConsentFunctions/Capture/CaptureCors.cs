using ConsentFunctions.Core.Capture;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Capture;

/// <summary>
/// CORS for the capture route, answered by the function itself so that Azure and the local host
/// behave the same (leave the Function App's platform CORS empty, or it takes over).
/// </summary>
public sealed class CaptureCors(IOptions<CorsOptions> options)
{
    public bool IsAllowed(string origin) => options.Value.IsAllowed(origin);

    public IActionResult Preflight(string origin)
    {
        if (origin.Length == 0)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "not-a-preflight", "Not a CORS preflight.", "OPTIONS needs an Origin header.");
        }
        return new JsonBodyResult(StatusCodes.Status204NoContent, null)
            .WithHeader("Access-Control-Allow-Origin", origin)
            .WithHeader("Access-Control-Allow-Methods", "POST")
            .WithHeader("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key")
            .WithHeader("Access-Control-Max-Age", "600")
            .WithHeader("Vary", "Origin");
    }

    public static IActionResult Decorate(IActionResult result, string origin)
    {
        if (origin.Length > 0 && result is JsonBodyResult json)
        {
            json.WithHeader("Access-Control-Allow-Origin", origin)
                .WithHeader("Access-Control-Expose-Headers", "Location")
                .WithHeader("Vary", "Origin");
        }
        return result;
    }
}
