using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.LocalHost.Http;

/// <summary>
/// The local stand-in for function keys: admin routes need header <c>x-functions-key</c> equal to
/// setting <c>LocalHost:AdminKey</c>. Never a query string: URLs end up in access logs.
/// </summary>
public static class AdminKey
{
    public const string Header = "x-functions-key";

    public static bool IsPresented(HttpContext context, string? expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(expected))
        {
            return false; // no key configured: admin routes stay closed
        }
        var presented = context.Request.Headers[Header].ToString();
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
