using ConsentFunctions.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.DoubleOptIn;

/// <summary>
/// The confirmation link of a double opt-in email. GET shows a page with one button and changes
/// nothing (mail scanners fetch links). POST is that button: the pending consents become given,
/// dated now, and the same page answers every later click. A bad, expired or other kind of link
/// is 400, a receipt no longer held 404; neither changes anything nor names anyone. A browser
/// (Accept: text/html) gets pages; other clients problem+json for the errors.
/// </summary>
public sealed class ConfirmationFunction(ConfirmationLinkSigner links, DoubleOptInConfirmer confirmations, IOptions<RulesOptions> rules, ILogger<ConfirmationFunction> logger)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function("ConfirmConsent")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "confirm")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var valid = links.TryRead(req.Query["token"].ToString(), out var link, out var receiptId);
        var french = PageLanguage.PrefersFrench(req, valid ? link.Language : null);
        var result = await FunctionErrors.RunAsync(logger, "confirm", () => valid
            ? AnswerAsync(req, link.SubjectKey, receiptId, french)
            : Task.FromResult<IActionResult>(InvalidLink()));
        if (result is JsonBodyResult { StatusCode: >= 400 } problem && WantsHtml(req))
        {
            return problem.StatusCode switch
            {
                StatusCodes.Status400BadRequest when problem.Value is ProblemBody { Type: var type } && type.EndsWith(":invalid-link", StringComparison.Ordinal)
                    => ConfirmationPage.InvalidLink(french),
                StatusCodes.Status404NotFound => ConfirmationPage.For(french, new ConfirmationView(ConfirmationState.NotFound, []), "", ""),
                _ => ConfirmationPage.Problem(french, problem),
            };
        }
        return result;
    }

    private async Task<IActionResult> AnswerAsync(HttpRequest req, string subjectKey, string receiptId, bool french)
    {
        ConfirmationView view;
        if (HttpMethods.IsGet(req.Method))
        {
            view = await confirmations.ShowAsync(subjectKey, receiptId, req.HttpContext.RequestAborted);
        }
        else
        {
            if (RequestBodies.KindOf(req, formsAllowed: true) != BodyKind.Form)
            {
                throw new UnsupportedMediaTypeException("Send the page's form (application/x-www-form-urlencoded).");
            }
            // The button's form holds nothing the confirmation needs; it is read only to bound it.
            await RequestBodies.ReadLimitedAsync(req, MaxBodyBytes, req.HttpContext.RequestAborted);
            // Once started the confirmation completes, even if the browser leaves.
            view = await confirmations.ConfirmAsync(subjectKey, receiptId, CaptureContexts.From(req, BodyKind.Form), Writes.NeverCancelled);
        }
        return view.State switch
        {
            ConfirmationState.Expired => InvalidLink(),
            ConfirmationState.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", "Nothing awaits a confirmation for this link."),
            _ => ConfirmationPage.For(french, view, rules.Value.ControllerNameList().FirstOrDefault() ?? "", req.Path + req.QueryString),
        };
    }

    private static JsonBodyResult InvalidLink()
        => ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "Invalid link.", "This confirmation link is not valid or has expired.");

    private static bool WantsHtml(HttpRequest req) => req.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
