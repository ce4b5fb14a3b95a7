using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>
/// What a link's token names: whose (keyed hash), which channel and purpose, which link, and the
/// language of the page ("fr", "en", or empty to follow the browser).
/// </summary>
public sealed record UnsubscribeToken(string KeyId, string SubjectKey, string Channel, string Purpose, string TokenId, string Language = "");

/// <summary>
/// Signs and verifies unsubscribe tokens: <c>base64url(payload).base64url(HMAC-SHA-256)</c>. The
/// payload holds no personal data (the subject is its keyed hash). Verification is constant-time
/// and does not say which check failed.
/// </summary>
public sealed class UnsubscribeTokens
{
    private const string Version = "1";
    private const int MaxTokenLength = 512;
    private readonly List<(string Id, byte[] Secret)> _keys = [];

    public UnsubscribeTokens(IOptions<UnsubscribeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in options.Value.SigningKeys.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidOperationException("Setting Unsubscribe:SigningKeys must be keyId=base64secret;… .");
            }
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(entry[(eq + 1)..]);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Setting Unsubscribe:SigningKeys holds a key that is not base64.");
            }
            if (secret.Length < 32)
            {
                throw new InvalidOperationException("Each unsubscribe signing key must hold at least 32 random bytes.");
            }
            _keys.Add((entry[..eq], secret));
        }
    }

    public bool CanSign => _keys.Count > 0;

    public string Create(string subjectKey, string channel, string purpose, string language = "")
    {
        if (!CanSign)
        {
            throw new InvalidOperationException("No unsubscribe signing key is configured (setting Unsubscribe:SigningKeys).");
        }
        var (keyId, secret) = _keys[0];
        var tokenId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', Version, keyId, subjectKey, channel, purpose, tokenId, language)));
        return payload + "." + Base64Url.EncodeToString(Sign(secret, payload));
    }

    public bool TryVerify(string? token, out UnsubscribeToken verified)
    {
        verified = null!;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }
        var payload = token[..dot];
        string[] fields;
        byte[] signature;
        try
        {
            var payloadBytes = Base64Url.DecodeFromChars(payload);
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            // Canonical base64url only: one token has one spelling (no padding, no stray bits, no spaces).
            if (Base64Url.EncodeToString(payloadBytes) != payload || Base64Url.EncodeToString(signature) != token[(dot + 1)..])
            {
                return false;
            }
            fields = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payloadBytes).Split('|');
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
        if (fields.Length != 7 || fields[0] != Version)
        {
            return false;
        }
        var key = _keys.FirstOrDefault(k => k.Id == fields[1]);
        if (key.Secret is null || !CryptographicOperations.FixedTimeEquals(Sign(key.Secret, payload), signature))
        {
            return false;
        }
        // Every signed field is checked before anything is queued, even though only a key holder could sign it.
        if (!IsKey(fields[2], SubjectKeyHasher.KeyLength) || !Vocabulary.Channels.Contains(fields[3])
            || fields[4].Length is 0 or > 50 || !fields[4].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !IsKey(fields[5], 22) || fields[6] is not ("" or "fr" or "en"))
        {
            return false;
        }
        verified = new UnsubscribeToken(fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
        return true;
    }

    private static bool IsKey(string value, int length)
        => value.Length == length && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static byte[] Sign(byte[] secret, string payload) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(payload));
}
