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
    [Function("ReplayConsentEvents")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "events")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "replay-events", async () =>
        {
            ArgumentNullException.ThrowIfNull(req);
            var query = EventReplayQueryValidator.Validate(req.Query["after"], req.Query["limit"]);
            try
            {
                var page = await log.ReadAsync(query.After, query.Limit, req.HttpContext.RequestAborted);
                return ApiResults.Json(StatusCodes.Status200OK, new { events = page.Events, next = page.Next });
            }
            catch (InvalidCursorException e)
            {
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-cursor", "The cursor is not valid.", e.Message);
            }
        });
}
