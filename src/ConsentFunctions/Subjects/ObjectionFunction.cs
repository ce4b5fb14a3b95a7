using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Subjects;

/// <summary>POST /api/subjects/object: record an objection to some or all channels and purposes.</summary>
public sealed class ObjectionFunction(ObjectionService objections, IOptions<CaptureOptions> options, ILogger<ObjectionFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("RecordObjection")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/object")] HttpRequest req)
        => AdminJson.RunAsync<ObjectionRequest>(req, logger, "record-objection", MaxBodyBytes, async request =>
        {
            var (identifiers, channels, purposes) = ObjectionValidator.Validate(request, options.Value.Purposes());
            var at = await objections.ObjectAsync(identifiers, channels, purposes, Writes.NeverCancelled);
            return ApiResults.Json(StatusCodes.Status201Created, new { at, channels, purposes });
        });
}
