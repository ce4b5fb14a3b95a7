using ConsentFunctions.Core.Receipts;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Receipts;

/// <summary>Admin: the full proof of one submission, as a DPO shows it in an audit.</summary>
public sealed class ReceiptFunction(ReceiptReader reader, ILogger<ReceiptFunction> logger)
{
    [Function("GetReceipt")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "receipts/{receiptId}")] HttpRequest req,
        string receiptId)
        => FunctionErrors.RunAsync(logger, "get-receipt", async () =>
        {
            var proof = await reader.ReadAsync(receiptId, req.HttpContext.RequestAborted);
            return proof is null ? ApiResults.NotFound("The receipt") : ApiResults.Ok(proof);
        });
}
