using System.Text.Encodings.Web;

namespace ConsentFunctions.Core.Json;

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters). The built-in encoders
/// also escape every character outside the Basic Multilingual Plane, so an emoji in a wording
/// would come back as <c>\uD83C\uDF89</c>: the same text, but not the same bytes on the wire,
/// and six times the storage. Safe for JSON documents served as application/json, never for HTML.
/// </summary>
public sealed class MinimalEscapingEncoder : JavaScriptEncoder
{
    public static readonly MinimalEscapingEncoder Instance = new();

    private MinimalEscapingEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar)
        => unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' || unicodeScalar is 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || WillEncode(c))
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        string encoded = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when unicodeScalar <= 0xFFFF => "\\u" + unicodeScalar.ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        if (encoded.Length > output.Length)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        encoded.AsSpan().CopyTo(output);
        numberOfCharactersWritten = encoded.Length;
        return true;
    }
}
