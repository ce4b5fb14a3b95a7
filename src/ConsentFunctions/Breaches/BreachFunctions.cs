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
        => RunAsync("open-breach", async () =>
        {
            var view = await register.OpenAsync(await BodyAsync<BreachRequest>(req).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
            return ApiResults.Json(StatusCodes.Status201Created, view).WithHeader("Location", "/api/breaches/" + view.Id);
        });

    [Function("UpdateBreach")]
    public Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "breaches/{id}")] HttpRequest req,
        string id)
        => ChangeAsync<BreachRequest>(req, "update-breach", body => register.AddFactsAsync(id, body, CancellationToken.None));

    [Function("NotifyBreach")]
    public Task<IActionResult> Notify(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "breaches/{id}/notify")] HttpRequest req,
        string id)
        => ChangeAsync<NotifyRequest>(req, "notify-breach", body => register.NotifyAsync(id, body, CancellationToken.None));

    [Function("DecideBreach")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "breaches/{id}/decision")] HttpRequest req,
        string id)
        => ChangeAsync<DecisionRequest>(req, "decide-breach", body => register.DecideAsync(id, body, CancellationToken.None));

    [Function("GetBreach")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "breaches/{id}")] HttpRequest req,
        string id)
        => RunAsync("get-breach", async () =>
        {
            var view = await register.GetAsync(id, req.HttpContext.RequestAborted).ConfigureAwait(false);
            return view is null ? ApiResults.NotFound("The breach") : Ok(view);
        });

    /// <summary>The register; <c>?history=true</c> adds every breach's dated entries: the export for an audit.</summary>
    [Function("ListBreaches")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "breaches")] HttpRequest req)
        => RunAsync("list-breaches", async () =>
        {
            var history = QueryFlags.Read(req, "history");
            var view = await register.ListAsync(history, req.HttpContext.RequestAborted).ConfigureAwait(false);
            var result = Ok(view);
            return history
                ? result.WithHeader("Content-Disposition", $"attachment; filename=\"breach-register-{view.GeneratedAt:yyyyMMdd'T'HHmmss'Z'}.json\"")
                : result;
        });

    /// <summary>A change of one breach from a JSON body; the register is written whatever the client does next.</summary>
    private Task<IActionResult> ChangeAsync<T>(HttpRequest req, string operation, Func<T, Task<BreachView>> change) where T : class
        => RunAsync(operation, async () => Ok(await change(await BodyAsync<T>(req).ConfigureAwait(false)).ConfigureAwait(false)));

    private static JsonBodyResult Ok(object value) => ApiResults.Json(StatusCodes.Status200OK, value);

    private static async Task<T> BodyAsync<T>(HttpRequest req) where T : class
    {
        RequestBodies.KindOf(req, formsAllowed: false);
        var body = await RequestBodies.ReadLimitedAsync(req, MaxBodyBytes, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return RequestBodies.ParseJson<T>(body);
    }

    /// <summary>The app's error mapping, plus the register's own: unknown breach (404) and conflicting change (409).</summary>
    private Task<IActionResult> RunAsync(string operation, Func<Task<IActionResult>> action)
        => FunctionErrors.RunAsync(logger, operation, async () =>
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (BreachNotFoundException)
            {
                return ApiResults.NotFound("The breach");
            }
            catch (BreachConflictException e)
            {
                return ApiResults.Problem(StatusCodes.Status409Conflict, e.Type, e.Title, e.Message);
            }
        });
}
