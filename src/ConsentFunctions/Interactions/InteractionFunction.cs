using ConsentFunctions.Core.Interactions;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Interactions;

/// <summary>POST /api/interactions: a contact, a purchase, the start or end of a customer relationship.</summary>
public sealed class InteractionFunction(InteractionRecorder recorder, TimeProvider time, ILogger<InteractionFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("RecordInteraction")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "interactions")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "record-interaction", async () =>
        {
            var request = await RequestBodies.ReadJsonAsync<InteractionRequest>(req, MaxBodyBytes).ConfigureAwait(false);
            var (identifiers, fact) = InteractionValidator.Validate(request, time.GetUtcNow());
            await recorder.RecordAsync(identifiers, fact, CancellationToken.None).ConfigureAwait(false);
            return ApiResults.Json(StatusCodes.Status201Created, new { kind = fact.Kind, at = fact.At, similarProducts = fact.SimilarProducts });
        });
}
