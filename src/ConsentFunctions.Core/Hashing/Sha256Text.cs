using System.Security.Cryptography;
using System.Text;

namespace ConsentFunctions.Core.Hashing;

/// <summary>
/// SHA-256 of a text's UTF-8 bytes in lower-case hex: the one way the app fingerprints a text (a
/// wording, a stored proof, a submission body, a campaign name), so every fingerprint a receipt or
/// a verifier compares is computed the same way.
/// </summary>
public static class Sha256Text
{
    public static string Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
