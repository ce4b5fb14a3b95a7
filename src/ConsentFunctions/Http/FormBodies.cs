using System.Text;
using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ConsentFunctions.Http;

/// <summary>
/// Reads plain HTML form bodies (urlencoded and multipart) from already size-checked bytes, and
/// decodes their text by the charset the page declared: the Content-Type's <c>charset</c>, else the
/// form's <c>_charset_</c> field (which browsers fill in with the page's encoding), else UTF-8.
/// Bytes that the charset cannot decode are refused: a wording is never stored half-decoded
/// (ASP.NET's own reader leaves <c>%E7</c> in the text when it is not UTF-8).
/// </summary>
public static class FormBodies
{
    private const string CharsetField = "_charset_";
    private const int MaxFields = 500;

    /// <summary>Charsets a web page may use and that decode strictly. UTF-7/16/32 are never a form's.</summary>
    private static readonly Dictionary<string, int> CodePages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf-8"] = 65001, ["utf8"] = 65001,
        ["iso-8859-1"] = 28591, ["latin1"] = 28591, ["iso_8859-1"] = 28591, ["l1"] = 28591,
        ["windows-1252"] = 1252, ["cp1252"] = 1252,
        ["iso-8859-15"] = 28605, ["latin-9"] = 28605,
        ["us-ascii"] = 20127, ["ascii"] = 20127,
    };

    public static async Task<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> ReadAsync(HttpRequest request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            throw new UnsupportedMediaTypeException("Send Content-Type: application/x-www-form-urlencoded or multipart/form-data.");
        }
        var declared = mediaType.Charset.HasValue ? mediaType.Charset.Value!.Trim('"') : null;
        List<(byte[] Name, byte[] Value)> raw;
        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            raw = await ReadMultipartAsync(mediaType, body);
        }
        else
        {
            raw = ReadUrlEncoded(body);
        }
        if (raw.Count > MaxFields)
        {
            throw RequestValidationException.For("$", $"At most {MaxFields} form fields.");
        }
        var charsetField = raw.Where(f => Ascii(f.Name) == CharsetField).Select(f => Ascii(f.Value)).FirstOrDefault();
        var encoding = EncodingOf(declared ?? (string.IsNullOrWhiteSpace(charsetField) ? null : charsetField.Trim()));
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (nameBytes, valueBytes) in raw)
        {
            var name = Decode(encoding, nameBytes, declared is not null || charsetField is not null);
            if (name == CharsetField)
            {
                continue;
            }
            var value = Decode(encoding, valueBytes, declared is not null || charsetField is not null);
            if (!fields.TryGetValue(name, out var values))
            {
                values = [];
                fields[name] = values;
                order.Add(name);
            }
            values.Add(value);
        }
        return order.Select(n => new KeyValuePair<string, IReadOnlyList<string>>(n, fields[n])).ToList();
    }

    private static Encoding EncodingOf(string? charset)
    {
        if (charset is null)
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true);
        }
        if (!CodePages.TryGetValue(charset, out var codePage))
        {
            throw new UnsupportedMediaTypeException(
                "Unsupported form charset: send UTF-8 (best), ISO-8859-1, ISO-8859-15, windows-1252 or US-ASCII.");
        }
        return codePage == 65001
            ? new UTF8Encoding(false, throwOnInvalidBytes: true)
            : (System.Text.CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));
    }

    private static string Decode(Encoding encoding, byte[] bytes, bool declared)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw RequestValidationException.For("$", declared
                ? "The form holds bytes that its declared charset cannot decode; nothing was recorded."
                : "The form's text is not UTF-8: declare the page's charset (Content-Type charset, or a hidden _charset_ field), or send UTF-8. Nothing was recorded.");
        }
    }

    private static string Ascii(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    // application/x-www-form-urlencoded (WHATWG): '&'-separated, '+' is a space, %XX a byte; an
    // escape that is not two hex digits stays as written.
    private static List<(byte[], byte[])> ReadUrlEncoded(byte[] body)
    {
        var fields = new List<(byte[], byte[])>();
        foreach (var pair in Split(body, (byte)'&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }
            var eq = Array.IndexOf(pair, (byte)'=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            fields.Add((PercentDecode(name), PercentDecode(value)));
            if (fields.Count > MaxFields)
            {
                break;
            }
        }
        return fields;
    }

    private static List<byte[]> Split(byte[] body, byte separator)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i == body.Length || body[i] == separator)
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }
        return parts;
    }

    private static byte[] PercentDecode(byte[] text)
    {
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '+')
            {
                output.Add((byte)' ');
            }
            else if (b == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                output.Add((byte)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(b);
            }
        }
        return [.. output];
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static async Task<List<(byte[], byte[])>> ReadMultipartAsync(MediaTypeHeaderValue mediaType, byte[] body)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw RequestValidationException.For("$", "A multipart form needs a boundary of 1 to 70 characters in its Content-Type.");
        }
        var fields = new List<(byte[], byte[])>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || StringSegment.IsNullOrEmpty(disposition.Name))
                {
                    throw RequestValidationException.For("$", "Each part of a multipart form needs Content-Disposition: form-data with a name.");
                }
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer);
                if (disposition.IsFileDisposition())
                {
                    continue; // the contract has no file fields: ignored like an unknown field
                }
                // The name arrives as header text, which the reader decoded as UTF-8 already.
                fields.Add((Encoding.UTF8.GetBytes(HeaderUtilities.RemoveQuotes(disposition.Name).Value!), buffer.ToArray()));
                if (fields.Count > MaxFields)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw RequestValidationException.For("$", "The multipart form could not be read (a missing or wrong boundary, or a truncated body); nothing was recorded.");
        }
        return fields;
    }
}
