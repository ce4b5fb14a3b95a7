using System.Globalization;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Events;

/// <summary>
/// Admin: GET /api/events?after={cursor}&amp;limit={n}: the logged events in logging order, from the
/// oldest the log keeps (Events:RetentionDays) or after the cursor of a previous page. Events
/// carry the subject's keyed hash, never an identifier.
/// </summary>
public sealed class EventReplayFunction(EventLog log, ILogger<EventReplayFunction> logger)
{
    private const int DefaultLimit = 100;

    [Function("ReplayConsentEvents")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "events")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "replay-events", async () =>
        {
            ArgumentNullException.ThrowIfNull(req);
            var after = req.Query["after"];
            var limitText = req.Query["limit"];
            if (after.Count > 1 || limitText.Count > 1)
            {
                return BadRequest("Give after and limit at most once each.");
            }
            var limit = DefaultLimit;
            if (limitText.Count == 1 && (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > EventLog.MaxLimit))
            {
                return BadRequest($"limit must be a whole number from 1 to {EventLog.MaxLimit}.");
            }
            try
            {
                var page = await log.ReadAsync(after.Count == 1 ? after.ToString() : null, limit, req.HttpContext.RequestAborted).ConfigureAwait(false);
                return ApiResults.Json(StatusCodes.Status200OK, new { events = page.Events, next = page.Next });
            }
            catch (InvalidCursorException e)
            {
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-cursor", "The cursor is not valid.", e.Message);
            }
        });

    private static JsonBodyResult BadRequest(string detail)
        => ApiResults.Problem(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", detail);
}
