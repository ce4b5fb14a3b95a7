using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Unsubscribe;

/// <summary>POST /api/unsubscribe-links: the link and the List-Unsubscribe headers for one recipient.</summary>
public sealed class UnsubscribeLinkFunction(UnsubscribeLinkBuilder links, IOptions<CaptureOptions> options, ILogger<UnsubscribeLinkFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("CreateUnsubscribeLink")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "unsubscribe-links")] HttpRequest req)
        => AdminJson.RunAsync<UnsubscribeLinkRequest>(req, logger, "create-unsubscribe-link", MaxBodyBytes, request =>
        {
            var (identifier, channel, purpose, language) = UnsubscribeLinkValidator.Validate(request, options.Value.Purposes());
            return ApiResults.Ok(links.Create(identifier, channel, purpose, language, req.HttpContext.Connection.LocalPort));
        });
}
