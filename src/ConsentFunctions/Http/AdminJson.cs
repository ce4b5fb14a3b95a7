using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Http;

/// <summary>
/// The skeleton of an admin route that takes a JSON body: the body read once (JSON content type,
/// the route's size limit, parsed with the app's options; <see cref="RequestBodies.ReadJsonAsync{T}"/>),
/// handed to the route's own code, and every exception mapped to problem+json by
/// <see cref="FunctionErrors"/>. The route keeps only what it does.
/// </summary>
public static class AdminJson
{
    public static Task<IActionResult> RunAsync<TRequest>(HttpRequest req, ILogger logger, string operation, int maxBodyBytes, Func<TRequest, Task<IActionResult>> handle)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        return FunctionErrors.RunAsync(logger, operation, async () =>
            await handle(await RequestBodies.ReadJsonAsync<TRequest>(req, maxBodyBytes)));
    }

    /// <summary>The same, for a route that answers without awaiting anything after the body.</summary>
    public static Task<IActionResult> RunAsync<TRequest>(HttpRequest req, ILogger logger, string operation, int maxBodyBytes, Func<TRequest, IActionResult> handle)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        return RunAsync<TRequest>(req, logger, operation, maxBodyBytes, body => Task.FromResult(handle(body)));
    }
}
