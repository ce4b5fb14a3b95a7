using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Validation;
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
    private const int MaxNameLength = 100;

    [Function("ExportSubject")]
    public Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/export")] HttpRequest req)
        => AdminJson.RunAsync<SubjectRequest>(req, logger, "export-subject", MaxBodyBytes, async request =>
        {
            var identifiers = SubjectRefs.Require(request.Subject);
            var export = await rights.ExportAsync(identifiers, req.HttpContext.RequestAborted).ConfigureAwait(false);
            return export is null ? ApiResults.NotFound("Nothing held on this person") : ApiResults.Ok(export);
        });

    [Function("RectifySubject")]
    public Task<IActionResult> Rectify(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/rectify")] HttpRequest req)
        => AdminJson.RunAsync<RectifyRequest>(req, logger, "rectify-subject", MaxBodyBytes, async request =>
        {
            var errors = new ValidationErrors();
            var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
            foreach (var (path, value) in new[] { ("firstName", request.FirstName), ("lastName", request.LastName), ("customerId", request.CustomerId) })
            {
                if (value is not null && !TextRules.IsOneLine(value, MaxNameLength))
                {
                    errors.Add(path, $"At most {MaxNameLength} characters on one line.");
                }
            }
            if (request.FirstName is null && request.LastName is null && request.CustomerId is null)
            {
                errors.Add("$", "Name at least one field to correct: firstName, lastName, customerId.");
            }
            if (!errors.IsEmpty)
            {
                throw new RequestValidationException("The correction is not valid; nothing was changed.", errors);
            }
            var found = await rights.RectifyAsync(identifiers, request.FirstName?.Trim(), request.LastName?.Trim(), request.CustomerId?.Trim(), Writes.NeverCancelled).ConfigureAwait(false);
            return found ? ApiResults.Ok(new { rectified = true }) : ApiResults.NotFound("The person's profile");
        });

    [Function("EraseSubject")]
    public Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subjects/erase")] HttpRequest req)
        => AdminJson.RunAsync<SubjectRequest>(req, logger, "erase-subject", MaxBodyBytes, async request =>
        {
            var identifiers = SubjectRefs.Require(request.Subject);
            var erased = await rights.EraseAsync(identifiers, Writes.NeverCancelled).ConfigureAwait(false);
            // Proofs of consent are kept in the archive to defend legal claims (GDPR art. 17(3)(e)): the answer says so.
            return ApiResults.Ok(new
            {
                erased = true, rowsDeleted = erased.RowsDeleted, suppressionKept = true,
                proofsKept = erased.ProofsKept, proofsKeptUntil = erased.ProofsKeptUntil,
            });
        });
}
