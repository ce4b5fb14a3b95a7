using ConsentFunctions.Core.Retention;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Retention;

/// <summary>
/// The retention sweep, on its timer (Retention:Schedule, 03:00 UTC by default) and on demand.
/// Both run the same sweep; a dry run reports what it would do and changes nothing.
/// </summary>
public sealed class RetentionFunctions(RetentionSweep sweep, RetentionRunLog runLog, IOptions<RetentionOptions> options, ILogger<RetentionFunctions> logger)
{
    [Function("RetentionSweep")]
    public Task RunOnSchedule([TimerTrigger("%Retention:Schedule%")] TimerInfo timer)
        => sweep.RunAsync(dryRun: false, options.Value.TimeBudget, Writes.NeverCancelled);

    [Function("RunRetention")]
    public Task<IActionResult> RunNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "retention/run")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "run-retention", async () =>
        {
            var dryRun = QueryFlags.Read(req, "dryRun");
            var summary = await sweep.RunAsync(dryRun, options.Value.HttpTimeBudget, Writes.NeverCancelled);
            return ApiResults.Json(StatusCodes.Status200OK, summary);
        });

    [Function("ListRetentionRuns")]
    public Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "retention/runs")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "list-retention-runs", async () =>
            ApiResults.Json(StatusCodes.Status200OK, new { runs = await runLog.ListAsync(100, req.HttpContext.RequestAborted) }));
}
