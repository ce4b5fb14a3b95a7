using ConsentFunctions.Core.Capture;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ConsentFunctions.Capture;

/// <summary>
/// A form posted by a browser without JavaScript: the person sees a page, not JSON. On success,
/// 303 to the form's <c>returnUrl</c> with <c>receipt=ID</c> when its origin is allowed, else a
/// confirmation page; on a problem, a page saying what is wrong, in the form's language. Clients
/// that prefer JSON (fetch, curl, the snippet) are never answered through this.
/// </summary>
public sealed class BrowserForm
{
    public const string ReturnUrlField = "returnUrl";

    private BrowserForm()
    {
    }

    public string? ReturnUrl { get; private set; }
    public string? Language { get; private set; }
    public string? FormUrl { get; private set; }

    /// <summary>A form body, and an Accept header that ranks HTML above JSON (as browsers' navigations do).</summary>
    public static BrowserForm? For(HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return req.HasFormContentType && PrefersHtml(req) ? new BrowserForm() : null;
    }

    private static bool PrefersHtml(HttpRequest req)
    {
        IList<MediaTypeHeaderValue> accepted;
        try
        {
            accepted = req.GetTypedHeaders().Accept;
        }
        catch (FormatException)
        {
            return false;
        }
        double Quality(string type, string subtype) => accepted
            .Where(a => (a.Type == "*" || a.Type.Equals(type, StringComparison.OrdinalIgnoreCase))
                        && (a.SubType == "*" || a.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase)))
            .Select(a => a.Quality ?? 1)
            .DefaultIfEmpty(0)
            .Max();
        var html = Quality("text", "html");
        return html > 0 && html > Quality("application", "json");
    }

    /// <summary>Reads the fields the pages need, before the form is validated (they serve its error page too).</summary>
    public void Read(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ReturnUrl = Single(form, ReturnUrlField);
        Language = Single(form, "form.language");
        FormUrl = Single(form, "form.url");

        static string? Single(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> form, string name)
            => form.Where(f => f.Key == name).Select(f => f.Value).FirstOrDefault() is { Count: 1 } values ? values[0] : null;
    }

    /// <summary>The capture route's answer, turned into what a browser shows.</summary>
    public IActionResult Answer(IActionResult result, HttpRequest req, Func<string, bool> isAllowedOrigin)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (result is not JsonBodyResult json)
        {
            return result;
        }
        var texts = PageTexts.For(PageLanguage.PrefersFrench(req, Language));
        var backUrl = BackUrl(req, isAllowedOrigin);
        switch (json.Value)
        {
            case CaptureResponse receipt:
                var target = ReturnUrls.Resolve(ReturnUrl, req.Headers.Origin.ToString(), isAllowedOrigin);
                if (target is not null)
                {
                    return new JsonBodyResult(StatusCodes.Status303SeeOther, null)
                        .WithHeader("Location", ReturnUrls.WithReceipt(target, receipt.ReceiptId))
                        .WithHeader("Cache-Control", "no-store");
                }
                return HtmlPage.Of<CaptureReceivedPage>(json.StatusCode, new()
                {
                    [nameof(CaptureReceivedPage.Texts)] = texts,
                    [nameof(CaptureReceivedPage.Receipt)] = receipt,
                    [nameof(CaptureReceivedPage.BackUrl)] = backUrl,
                });
            case ProblemBody problem:
                return HtmlPage.Of<CaptureProblemPage>(problem.Status, new()
                {
                    [nameof(CaptureProblemPage.Texts)] = texts,
                    [nameof(CaptureProblemPage.Problem)] = problem,
                    [nameof(CaptureProblemPage.BackUrl)] = backUrl,
                });
            default:
                return result;
        }
    }

    // The form's own page, when it is on an allowed origin: the form's url field, else the Referer.
    private string? BackUrl(HttpRequest req, Func<string, bool> isAllowedOrigin)
    {
        foreach (var candidate in new[] { FormUrl, req.Headers.Referer.ToString() })
        {
            if (!string.IsNullOrEmpty(candidate) && candidate.Length <= ReturnUrls.MaxLength
                && Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && ReturnUrls.IsAllowed(uri, isAllowedOrigin))
            {
                return uri.AbsoluteUri;
            }
        }
        return null;
    }
}
