using ConsentFunctions.Core.Interactions;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Interactions;

/// <summary>
/// POST /api/interactions: a contact, a purchase, the start or end of a customer relationship, a
/// call attempt or a refusal during a call; or a batch of them in <c>records</c> (a dialer's log).
/// </summary>
public sealed class InteractionFunction(InteractionRecorder recorder, TimeProvider time, ILogger<InteractionFunction> logger)
{
    // 1,000 call records with their phone numbers fit comfortably.
    private const int MaxBodyBytes = 256 * 1024;

    [Function("RecordInteraction")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "interactions")] HttpRequest req)
        => AdminJson.RunAsync<InteractionRequest>(req, logger, "record-interaction", MaxBodyBytes, async request =>
        {
            var records = InteractionValidator.Validate(request, time.GetUtcNow());
            await recorder.RecordAsync(records, Writes.NeverCancelled);
            if (request.Records is not null)
            {
                return ApiResults.Json(StatusCodes.Status201Created, new { recorded = records.Count });
            }
            var fact = records[0].Fact;
            return ApiResults.Json(StatusCodes.Status201Created, new { kind = fact.Kind, at = fact.At, similarProducts = fact.SimilarProducts });
        });
}
