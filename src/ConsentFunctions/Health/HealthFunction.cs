using ConsentFunctions.Core.Health;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Health;

/// <summary>GET /api/health: 200 when table and queue storage answer, 503 otherwise.</summary>
public sealed class HealthFunction(StorageHealth health)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return await health.IsHealthyAsync(req.HttpContext.RequestAborted).ConfigureAwait(false)
            ? ApiResults.Json(StatusCodes.Status200OK, new { status = "ok" })
            : ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "unhealthy", "Storage does not answer.", "Table or queue storage did not answer in time.")
                .WithHeader("Retry-After", ApiResults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
