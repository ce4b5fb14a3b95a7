using ConsentFunctions.Capture;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Preferences;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Preferences;

/// <summary>
/// The preference link. GET shows the person's current choices and changes nothing (mail
/// scanners prefetch links). POST is the page's form: recorded through the capture path, then a
/// page listing what changed. A bad, expired or other kind of link is 400, an erased person 404,
/// a form the page could not have sent 400; each changes nothing. A browser (Accept: text/html)
/// gets pages; other clients problem+json.
/// </summary>
public sealed class PreferenceFunction(PreferenceLinkSigner links, PreferenceCentre centre, ILogger<PreferenceFunction> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("Preferences")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "preferences")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var valid = links.TryRead(req.Query["token"].ToString(), out var link);
        var french = PageLanguage.PrefersFrench(req, valid ? link.Language : null);
        var result = await FunctionErrors.RunAsync(logger, "preferences", () => valid
            ? HttpMethods.IsGet(req.Method) ? ShowAsync(req, link, french) : SubmitAsync(req, link, french)
            : Task.FromResult<IActionResult>(ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "Invalid link.", "This preference link is not valid or has expired.")));
        if (result is JsonBodyResult { StatusCode: >= 400 } problem && WantsHtml(req))
        {
            return problem.StatusCode switch
            {
                StatusCodes.Status404NotFound => PreferencePage.NotFound(french),
                StatusCodes.Status400BadRequest when !valid => PreferencePage.InvalidLink(french),
                _ => PreferencePage.Problem(french, problem),
            };
        }
        return result;
    }

    private async Task<IActionResult> ShowAsync(HttpRequest req, SignedLink link, bool french)
    {
        var view = await centre.ShowAsync(link, french, req.HttpContext.RequestAborted);
        return view is null ? NotFound() : PreferencePage.Form(french, view, req.Path + req.QueryString);
    }

    private async Task<IActionResult> SubmitAsync(HttpRequest req, SignedLink link, bool french)
    {
        var kind = RequestBodies.KindOf(req, formsAllowed: true);
        if (kind != BodyKind.Form)
        {
            throw new UnsupportedMediaTypeException("Send the preference page's form (application/x-www-form-urlencoded).");
        }
        var body = await RequestBodies.ReadLimitedAsync(req, MaxBodyBytes, req.HttpContext.RequestAborted);
        var fields = (await FormBodies.ReadAsync(req, body))
            .Where(f => f.Key != "_charset_")
            .SelectMany(f => f.Value.Select(v => (f.Key, v))).ToList();
        var submission = PreferenceSubmission.Parse(fields);
        // Once the form is read, the capture goes on even if the browser leaves: never half a choice.
        var outcome = await centre.SubmitAsync(link, french, submission, CaptureContexts.From(req, kind), Writes.NeverCancelled);
        if (!outcome.Found)
        {
            return NotFound();
        }
        if (outcome.Capture!.Outcome == CaptureOutcome.Conflict)
        {
            return ApiResults.Problem(StatusCodes.Status409Conflict, "submission-conflict", "Submission id reused.",
                "This page was already sent with other choices; open the link again to change them.");
        }
        var status = outcome.Capture.Outcome == CaptureOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return PreferencePage.Saved(french, outcome.Capture.Response!, status);
    }

    private static IActionResult NotFound()
        => ApiResults.Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", "No preferences are held for this link.");

    private static bool WantsHtml(HttpRequest req) => req.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
