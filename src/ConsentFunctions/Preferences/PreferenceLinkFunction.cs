using ConsentFunctions.Core.Preferences;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Preferences;

/// <summary>POST /api/preference-links: the link to one person's preference page.</summary>
public sealed class PreferenceLinkFunction(PreferenceLinkSigner links, ILogger<PreferenceLinkFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("CreatePreferenceLink")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "preference-links")] HttpRequest req)
        => AdminJson.RunAsync<PreferenceLinkRequest>(req, logger, "create-preference-link", MaxBodyBytes, request =>
        {
            var target = PreferenceLinkValidator.Validate(request);
            return ApiResults.Json(StatusCodes.Status200OK, links.Create(target.Identifier, target.Language, req.HttpContext.Connection.LocalPort));
        });
}
