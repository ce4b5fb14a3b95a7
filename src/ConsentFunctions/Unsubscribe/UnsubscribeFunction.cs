using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Unsubscribe;

/// <summary>
/// The link in every message. GET shows a page and changes nothing (mail scanners prefetch
/// links). POST is the one click (RFC 8058) or the page's button: 202 once the request is on the
/// queue, no redirect, no cookie. A bad token is 400, and the answer does not say why.
/// </summary>
public sealed class UnsubscribeFunction(UnsubscribeTokenSigner tokens, UnsubscribeQueue requests, ILogger<UnsubscribeFunction> logger)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function("Unsubscribe")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "unsubscribe")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return HttpMethods.IsGet(req.Method) ? Task.FromResult(Show(req)) : FunctionErrors.RunAsync(logger, "unsubscribe", () => AcceptAsync(req));
    }

    private IActionResult Show(HttpRequest req)
    {
        if (!tokens.TryVerify(req.Query["token"].ToString(), out var token))
        {
            return WantsHtml(req) ? UnsubscribePage.Invalid(UnsubscribePage.PrefersFrench(req)) : InvalidToken();
        }
        return UnsubscribePage.Confirm(UnsubscribePage.PrefersFrench(req, token.Language), token.Channel, token.Purpose, req.Path + req.QueryString);
    }

    private async Task<IActionResult> AcceptAsync(HttpRequest req)
    {
        if (!tokens.TryVerify(req.Query["token"].ToString(), out var token))
        {
            return InvalidToken();
        }
        var french = UnsubscribePage.PrefersFrench(req, token.Language);
        if (RequestBodies.KindOf(req, formsAllowed: true) != BodyKind.Form)
        {
            throw new UnsupportedMediaTypeException("Send List-Unsubscribe=One-Click as a form (RFC 8058).");
        }
        var body = await RequestBodies.ReadLimitedAsync(req, MaxBodyBytes, req.HttpContext.RequestAborted);
        var form = (await FormBodies.ReadAsync(req, body)).ToDictionary(f => f.Key, f => string.Join(',', f.Value), StringComparer.Ordinal);
        if (form.GetValueOrDefault("List-Unsubscribe") != "One-Click")
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "not-one-click", "Not a one-click unsubscribe.",
                "The body must be List-Unsubscribe=One-Click (RFC 8058).");
        }
        var fromPage = form.GetValueOrDefault("source") == UnsubscribeMessage.Page;
        await requests.EnqueueAsync(token, fromPage ? UnsubscribeMessage.Page : UnsubscribeMessage.OneClick, Writes.NeverCancelled);
        if (fromPage)
        {
            return UnsubscribePage.Done(french, token.Channel, token.Purpose);
        }
        return new TextBodyResult(StatusCodes.Status202Accepted, "text/plain; charset=utf-8",
            french ? "Désinscription enregistrée." : "Unsubscribe received.");
    }

    private static bool WantsHtml(HttpRequest req) => req.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static IActionResult InvalidToken()
        => ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "Invalid unsubscribe link.", "This unsubscribe link is not valid.");
}
