using ConsentFunctions.Core.Capture;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Capture;

/// <summary>The evidence the server itself records around a submission.</summary>
public static class CaptureContexts
{
    private const int MaxHeaderLength = 512;

    public static CaptureContext From(HttpRequest req, BodyKind kind)
    {
        ArgumentNullException.ThrowIfNull(req);
        return new CaptureContext(
            Header(req, "Origin"),
            Header(req, "Referer"),
            Header(req, "User-Agent"),
            ClientAddress.Truncate(req.HttpContext.Connection.RemoteIpAddress),
            kind == BodyKind.Json ? "application/json" : req.HasFormContentType && req.ContentType!.StartsWith("multipart", StringComparison.OrdinalIgnoreCase) ? "multipart/form-data" : "application/x-www-form-urlencoded");
    }

    private static string? Header(HttpRequest req, string name)
    {
        var value = req.Headers[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return value.Length > MaxHeaderLength ? value[..MaxHeaderLength] : value;
    }
}
