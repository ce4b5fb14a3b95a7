using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Subjects;

/// <summary>Admin: access, rectification and erasure for one person, named in the body (never in the URL).</summary>
public sealed class SubjectRightsFunctions(SubjectRights rights, ILogger<SubjectRightsFunctions> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("ExportSubject")]
    public Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/export")] HttpRequest req)
        => AdminJson.RunAsync<SubjectRequest>(req, logger, "export-subject", MaxBodyBytes, async request =>
        {
            var identifiers = SubjectRefs.Require(request.Subject);
            var export = await rights.ExportAsync(identifiers, req.HttpContext.RequestAborted);
            return export is null ? ApiResults.NotFound("Nothing held on this person") : ApiResults.Ok(export);
        });

    [Function("RectifySubject")]
    public Task<IActionResult> Rectify(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/rectify")] HttpRequest req)
        => AdminJson.RunAsync<RectifyRequest>(req, logger, "rectify-subject", MaxBodyBytes, async request =>
        {
            var correction = RectificationValidator.Validate(request);
            var found = await rights.RectifyAsync(correction.Identifiers, correction.FirstName, correction.LastName, correction.CustomerId, Writes.NeverCancelled);
            return found ? ApiResults.Ok(new { rectified = true }) : ApiResults.NotFound("The person's profile");
        });

    [Function("EraseSubject")]
    public Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/erase")] HttpRequest req)
        => AdminJson.RunAsync<SubjectRequest>(req, logger, "erase-subject", MaxBodyBytes, async request =>
        {
            var identifiers = SubjectRefs.Require(request.Subject);
            var erased = await rights.EraseAsync(identifiers, Writes.NeverCancelled);
            // Proofs of consent are kept in the archive to defend legal claims (GDPR art. 17(3)(e)): the answer says so.
            return ApiResults.Ok(new
            {
                erased = true, rowsDeleted = erased.RowsDeleted, suppressionKept = true,
                proofsKept = erased.ProofsKept, proofsKeptUntil = erased.ProofsKeptUntil,
            });
        });
}
