using ConsentFunctions.Core.Health;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Health;

/// <summary>
/// GET /api/health: 200 when the settings the app needs are usable and table and queue storage
/// answer; 503 otherwise, with the settings at fault by name (never their values).
/// </summary>
public sealed class HealthFunction(SettingsReadiness readiness, StorageHealth health)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var problems = readiness.Problems();
        if (problems.Count > 0)
        {
            var errors = problems.GroupBy(p => p.Setting, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray(), StringComparer.OrdinalIgnoreCase);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "not-ready", "Settings are missing or unresolved.",
                "The app cannot work until these settings are fixed: " + string.Join(", ", errors.Keys) + ".", errors);
        }
        return await health.IsHealthyAsync(req.HttpContext.RequestAborted)
            ? ApiResults.Json(StatusCodes.Status200OK, new { status = "ok" })
            : ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "unhealthy", "Storage does not answer.", "Table or queue storage did not answer in time.")
                .WithHeader("Retry-After", ApiResults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
