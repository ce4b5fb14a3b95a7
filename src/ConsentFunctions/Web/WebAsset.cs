using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFunctions.Web;

/// <summary>
/// A file shipped inside the app (an embedded resource), served with an ETag of its content so
/// that browsers revalidate with If-None-Match and get 304 without the body. No cookies.
/// </summary>
public sealed class WebAsset
{
    private WebAsset(byte[] content, string contentType, string cacheControl)
    {
        Content = content;
        ContentType = contentType;
        CacheControl = cacheControl;
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
    }

    public byte[] Content { get; }
    public string ContentType { get; }
    public string CacheControl { get; }
    public string ETag { get; }

    /// <summary>The snippet websites include; an hour in caches, then revalidated by its ETag.</summary>
    public static readonly WebAsset ConsentScript = Load("consent.js", "text/javascript; charset=utf-8", "public, max-age=3600");

    /// <summary>docs/openapi.json, as the contract tests check it.</summary>
    public static readonly WebAsset OpenApiDocument = Load("openapi.json", "application/json; charset=utf-8", "public, max-age=300");

    private static WebAsset Load(string name, string contentType, string cacheControl)
    {
        using var stream = typeof(WebAsset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new WebAsset(copy.ToArray(), contentType, cacheControl);
    }

    public IActionResult Answer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notModified = request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag == "*" || t.Tag.Equals(ETag, StringComparison.Ordinal));
        return new AssetResult(this, notModified);
    }

    private sealed class AssetResult(WebAsset asset, bool notModified) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.Headers.ETag = asset.ETag;
            response.Headers.CacheControl = asset.CacheControl;
            response.Headers.XContentTypeOptions = "nosniff";
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            await response.Body.WriteAsync(asset.Content, context.HttpContext.RequestAborted);
        }
    }
}
