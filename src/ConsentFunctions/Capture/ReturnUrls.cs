using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Capture;

/// <summary>
/// Where a form posted without JavaScript may send the person back: only to a page of an origin on
/// the capture allow-list (Cors:AllowedOrigins), never elsewhere (no open redirect).
/// </summary>
public static class ReturnUrls
{
    /// <summary>Longer than any page address a form needs; a longer one is refused, not cut.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The absolute http(s) URL to go to, or null. A path ("/merci.html") is read against the
    /// posting page's Origin, which the browser sets and a page cannot forge.
    /// </summary>
    public static Uri? Resolve(string? returnUrl, string? origin, Func<string, bool> isAllowedOrigin)
    {
        ArgumentNullException.ThrowIfNull(isAllowedOrigin);
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > MaxLength || returnUrl.Any(char.IsControl) || returnUrl.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }
        Uri? target;
        if (returnUrl.StartsWith('/'))
        {
            // "//evil.example/" is another host, not a path.
            if (returnUrl.StartsWith("//", StringComparison.Ordinal)
                || string.IsNullOrEmpty(origin) || !Uri.TryCreate(origin, UriKind.Absolute, out var baseUri)
                || !Uri.TryCreate(baseUri, returnUrl, out target))
            {
                return null;
            }
        }
        else if (!Uri.TryCreate(returnUrl, UriKind.Absolute, out target))
        {
            return null;
        }
        return IsAllowed(target, isAllowedOrigin) ? target : null;
    }

    /// <summary>An absolute http(s) URL without user info, whose origin is allowed.</summary>
    public static bool IsAllowed(Uri? target, Func<string, bool> isAllowedOrigin)
    {
        ArgumentNullException.ThrowIfNull(isAllowedOrigin);
        return target is not null && HttpUrls.HasHttpScheme(target)
            && target.UserInfo.Length == 0
            && isAllowedOrigin(target.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The return URL with <c>receipt=ID</c> added to its query (before any fragment).</summary>
    public static string WithReceipt(Uri target, string receiptId)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = new UriBuilder(target);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? "" : query + "&") + "receipt=" + Uri.EscapeDataString(receiptId);
        return builder.Uri.AbsoluteUri;
    }
}
