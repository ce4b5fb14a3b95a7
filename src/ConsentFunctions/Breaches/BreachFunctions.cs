using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Breaches;

/// <summary>Admin: the personal data breach register (GDPR art. 33(5)) and the notification record.</summary>
public sealed class BreachFunctions(BreachRegister register, ILogger<BreachFunctions> logger)
{
    private const int MaxBodyBytes = 64 * 1024;

    [Function("OpenBreach")]
    public Task<IActionResult> Open(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "breaches")] HttpRequest req)
        => AdminJson.RunAsync<BreachRequest>(req, logger, "open-breach", MaxBodyBytes, async body =>
        {
            var view = await register.OpenAsync(body, Writes.NeverCancelled);
            return ApiResults.Created(view, "/api/breaches/" + view.Id);
        });

    [Function("UpdateBreach")]
    public Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "breaches/{id}")] HttpRequest req,
        string id)
        => ChangeAsync<BreachRequest>(req, "update-breach", body => register.AddFactsAsync(id, body, Writes.NeverCancelled));

    [Function("NotifyBreach")]
    public Task<IActionResult> Notify(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "breaches/{id}/notify")] HttpRequest req,
        string id)
        => ChangeAsync<NotifyRequest>(req, "notify-breach", body => register.NotifyAsync(id, body, Writes.NeverCancelled));

    [Function("DecideBreach")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "breaches/{id}/decision")] HttpRequest req,
        string id)
        => ChangeAsync<BreachDecisionRequest>(req, "decide-breach", body => register.DecideAsync(id, body, Writes.NeverCancelled));

    [Function("GetBreach")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "breaches/{id}")] HttpRequest req,
        string id)
        => FunctionErrors.RunAsync(logger, "get-breach", async () =>
        {
            var view = await register.GetAsync(id, req.HttpContext.RequestAborted);
            return view is null ? ApiResults.NotFound("The breach") : ApiResults.Ok(view);
        });

    /// <summary>The register; <c>?history=true</c> adds every breach's dated entries: the export for an audit.</summary>
    [Function("ListBreaches")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "breaches")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "list-breaches", async () =>
        {
            var history = QueryFlags.Read(req, "history");
            var view = await register.ListAsync(history, req.HttpContext.RequestAborted);
            var result = ApiResults.Ok(view);
            return history
                ? result.WithHeader("Content-Disposition", $"attachment; filename=\"breach-register-{view.GeneratedAt:yyyyMMdd'T'HHmmss'Z'}.json\"")
                : result;
        });

    /// <summary>A change of one breach from a JSON body; the register is written whatever the client does next.</summary>
    /// <remarks>An unknown breach (404) and a conflicting change (409) are Core's NotFoundException and ConflictException, mapped by FunctionErrors.</remarks>
    private Task<IActionResult> ChangeAsync<T>(HttpRequest req, string operation, Func<T, Task<BreachView>> change) where T : class
        => AdminJson.RunAsync<T>(req, logger, operation, MaxBodyBytes, async body => ApiResults.Ok(await change(body)));
}
