using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Http;

/// <summary>
/// Headers every answer carries. <c>nosniff</c> everywhere, so a browser never runs a JSON or text
/// answer as script or HTML; on pages also a Content-Security-Policy that allows no script, no
/// framing (clickjacking of the unsubscribe button) and forms posting only to this app, and no
/// caching (a page names what a link stops, and links are personal).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The pages' policy: their only resource is an inline style; their form posts to this app.</summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            response.Headers.ContentSecurityPolicy = PageContentSecurityPolicy;
            response.Headers.XFrameOptions = "DENY";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
