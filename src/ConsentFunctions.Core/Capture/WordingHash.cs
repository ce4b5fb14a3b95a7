
namespace ConsentFunctions.Core.Capture;

/// <summary>SHA-256 of the UTF-8 bytes of a wording, lower-case hex: the fingerprint printed on receipts.</summary>
public static class WordingHash
{
    public static string Sha256Hex(string text)
        => Hashing.Sha256Text.Hex(text);
}
