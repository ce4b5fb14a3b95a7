using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Proofs;

/// <summary>
/// Admin: the proof pack of a person (named in the body, never in the URL) or of one receipt:
/// receipts, leaves, inclusion paths, day roots and timestamp tokens, for the offline verifier.
/// </summary>
public sealed class ProofPackFunctions(ProofPackBuilder packs, ILogger<ProofPackFunctions> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("SubjectProofPack")]
    public Task<IActionResult> ForSubject(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/proof")] HttpRequest req)
        => AdminJson.RunAsync<SubjectRequest>(req, logger, "subject-proof", MaxBodyBytes, async request =>
        {
            var identifiers = SubjectRefs.Require(request.Subject);
            var pack = await packs.ForSubjectAsync(identifiers, req.HttpContext.RequestAborted);
            return pack is null ? ApiResults.NotFound("Nothing held on this person") : ApiResults.Json(StatusCodes.Status200OK, pack);
        });

    [Function("ReceiptProofPack")]
    public Task<IActionResult> ForReceipt(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "receipts/{receiptId}/proof")] HttpRequest req,
        string receiptId)
        => FunctionErrors.RunAsync(logger, "receipt-proof", async () =>
        {
            var pack = await packs.ForReceiptAsync(receiptId, req.HttpContext.RequestAborted);
            return pack is null ? ApiResults.NotFound("The receipt") : ApiResults.Json(StatusCodes.Status200OK, pack);
        });
}
