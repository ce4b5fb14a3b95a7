using System.Diagnostics.CodeAnalysis;

namespace ConsentFunctions.Core.Validation;

/// <summary>
/// The one check of "an absolute http(s) URL", for request fields and settings alike. Where a
/// place needs more (no query, no user info, an allowed origin), it adds its own rule after this one.
/// </summary>
public static class HttpUrls
{
    /// <summary>The URL, when <paramref name="value"/> is an absolute https URL, or http unless <paramref name="httpsOnly"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Uri? uri, bool httpsOnly = false)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed) && HasHttpScheme(parsed, httpsOnly))
        {
            uri = parsed;
            return true;
        }
        uri = null;
        return false;
    }

    /// <summary>True when <paramref name="value"/> is an absolute https URL, or http unless <paramref name="httpsOnly"/>.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value, bool httpsOnly = false) => TryParse(value, out _, httpsOnly);

    /// <summary>True when an absolute URL's scheme is https, or http unless <paramref name="httpsOnly"/>.</summary>
    public static bool HasHttpScheme(Uri uri, bool httpsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || !httpsOnly && uri.Scheme == Uri.UriSchemeHttp);
    }
}
