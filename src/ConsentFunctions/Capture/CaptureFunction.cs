using ConsentFunctions.Core.Capture;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Capture;

/// <summary>
/// POST /api/consents: websites post their forms here; the answer is the receipt (JSON), or for a
/// browser posting a form without JavaScript a redirect or a page (<see cref="BrowserForm"/>).
/// POST /api/consents/import: the same contract behind the admin key, for what only an
/// authenticated caller may record: a partner's consents, dated by their collection, and
/// consents that lift an earlier withdrawal or objection (RULES.md rule 1).
/// </summary>
public sealed class CaptureFunction(
    ConsentCapture capture,
    CaptureCors cors,
    IOptions<CaptureOptions> options,
    TimeProvider time,
    ILogger<CaptureFunction> logger)
{
    [Function("CaptureConsents")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "consents")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var origin = req.Headers.Origin.ToString();
        var browser = BrowserForm.For(req);
        if (origin.Length > 0 && !cors.IsAllowed(origin))
        {
            var refused = ApiResults.Problem(StatusCodes.Status403Forbidden, "origin-not-allowed", "Origin not allowed.",
                "This form's origin is not on the capture allow-list (setting Cors:AllowedOrigins).");
            return browser is null ? refused : browser.Answer(refused, req, cors.IsAllowed);
        }
        if (HttpMethods.IsOptions(req.Method))
        {
            return cors.Preflight(origin);
        }
        var result = await FunctionErrors.RunAsync(logger, "capture", () => CaptureAsync(req, browser, admin: false));
        // A browser's own form post is a navigation, not a CORS request: it gets a page.
        return browser is null ? CaptureCors.Decorate(result, origin) : browser.Answer(result, req, cors.IsAllowed);
    }

    [Function("ImportConsents")]
    public Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "consents/import")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "import", () => CaptureAsync(req, browser: null, admin: true));

    private async Task<IActionResult> CaptureAsync(HttpRequest req, BrowserForm? browser, bool admin)
    {
        var kind = RequestBodies.KindOf(req, formsAllowed: true);
        var body = await RequestBodies.ReadLimitedAsync(req, CaptureOptions.MaxBodyBytes, req.HttpContext.RequestAborted);
        var request = kind == BodyKind.Json
            ? RequestBodies.ParseJson<CaptureRequest>(body)
            : await CaptureForms.ParseAsync(req, body, browser);

        var idempotencyKey = req.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null;
        var submission = SubmissionValidator.Validate(request, idempotencyKey, options.Value.Purposes(), time.GetUtcNow(), admin);

        // The write is not tied to the client's connection: once started it completes, and a
        // client that went away retries with its submission id.
        var result = await capture.CaptureAsync(submission, CaptureContexts.From(req, kind), admin ? RecordedVia.Admin : RecordedVia.Public, Writes.NeverCancelled);
        return result.Outcome switch
        {
            CaptureOutcome.Created => ApiResults.Json(StatusCodes.Status201Created, result.Response!)
                .WithHeader("Location", "/api/receipts/" + result.Response!.ReceiptId),
            CaptureOutcome.Replayed => ApiResults.Json(StatusCodes.Status200OK, result.Response!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "submission-conflict", "Submission id already used.",
                "This submission id was recorded with another body; nothing was recorded."),
        };
    }
}
