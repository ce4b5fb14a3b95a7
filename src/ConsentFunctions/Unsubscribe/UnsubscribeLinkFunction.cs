using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Core.Validation;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Unsubscribe;

/// <summary>The body of POST /api/unsubscribe-links.</summary>
public sealed class UnsubscribeLinkRequest
{
    public SubjectRef? Subject { get; set; }
    public string? Channel { get; set; }
    public string? Purpose { get; set; }
}

/// <summary>POST /api/unsubscribe-links: the link and the List-Unsubscribe headers for one recipient.</summary>
public sealed class UnsubscribeLinkFunction(UnsubscribeLinks links, IOptions<CaptureOptions> options, ILogger<UnsubscribeLinkFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("CreateUnsubscribeLink")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "unsubscribe-links")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "create-unsubscribe-link", async () =>
        {
            var request = await RequestBodies.ReadJsonAsync<UnsubscribeLinkRequest>(req, MaxBodyBytes).ConfigureAwait(false);
            var errors = new ValidationErrors();
            var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
            if (request.Channel is null || !Vocabulary.Channels.Contains(request.Channel))
            {
                errors.Add("channel", "Unknown channel.");
            }
            if (request.Purpose is null || !options.Value.Purposes().Contains(request.Purpose))
            {
                errors.Add("purpose", "Unknown purpose.");
            }
            if (!errors.IsEmpty)
            {
                throw new RequestValidationException("The link request is not valid.", errors);
            }
            var link = links.Create(identifiers[0], request.Channel!, request.Purpose!, $"{req.Scheme}://{req.Host}");
            return ApiResults.Json(StatusCodes.Status200OK, link);
        });
}
