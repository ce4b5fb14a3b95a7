using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Links;

/// <summary>
/// Signs and verifies every link sent to a person: <c>base64url(payload).base64url(HMAC-SHA-256)</c>
/// with the keys of <c>Unsubscribe:SigningKeys</c> (the first signs, every key verifies). The
/// payload names the link's purpose, so a token signed for one kind of link is refused by every
/// other kind, and holds no personal data (the subject is its keyed hash). Verification is
/// constant-time and does not say which check failed.
/// </summary>
/// <remarks>
/// Payload version 2: <c>2|keyId|purpose|subjectKey|tokenId|language|expiresUnixSeconds|data…</c>.
/// Version 1 (<c>1|keyId|subjectKey|channel|purpose|tokenId|language</c>) is what unsubscribe
/// links were before there was any other kind: it still verifies, and only as an unsubscribe
/// link, because those links sit in mailboxes and must keep working.
/// </remarks>
public sealed class LinkSigner
{
    private const string Version = "2";
    private const string LegacyUnsubscribeVersion = "1";
    private const int MaxTokenLength = 512;
    private readonly List<(string Id, byte[] Secret)> _keys = [];
    private readonly TimeProvider _time;

    public LinkSigner(IOptions<UnsubscribeOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? throw new ArgumentNullException(nameof(time));
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

    /// <param name="validFor">How long the link opens; null for a link that never expires.</param>
    /// <param name="data">The purpose's own fields: none may hold '|' or personal data.</param>
    public string Create(string purpose, string subjectKey, string language, TimeSpan? validFor, params string[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!CanSign)
        {
            throw new InvalidOperationException("No link signing key is configured (setting Unsubscribe:SigningKeys).");
        }
        if (data.Any(d => d.Contains('|', StringComparison.Ordinal)) || purpose.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A link field may not hold '|'.", nameof(data));
        }
        var (keyId, secret) = _keys[0];
        var tokenId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var expires = validFor is { } span ? _time.GetUtcNow().Add(span).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "";
        string[] fields = [Version, keyId, purpose, subjectKey, tokenId, language, expires, .. data];
        return Seal(secret, string.Join('|', fields));
    }

    /// <summary>True only for an authentic, unexpired token signed for <paramref name="purpose"/>.</summary>
    public bool TryVerify(string? token, string purpose, out SignedLink verified)
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
        if (fields.Length < 2)
        {
            return false;
        }
        var key = _keys.FirstOrDefault(k => k.Id == fields[1]);
        if (key.Secret is null || !CryptographicOperations.FixedTimeEquals(Sign(key.Secret, payload), signature))
        {
            return false;
        }
        SignedLink? link = fields[0] switch
        {
            Version when fields.Length >= 7 => Read(fields),
            LegacyUnsubscribeVersion when fields.Length == 7 => new SignedLink(fields[1], LinkPurposes.Unsubscribe, fields[2], fields[5], fields[6], null, [fields[3], fields[4]]),
            _ => null,
        };
        if (link is null || link.Purpose != purpose || link.SubjectKey.Length != SubjectKeyHasher.KeyLength || link.TokenId.Length == 0
            || link.Language is not ("" or "fr" or "en") || link.ExpiresAt <= _time.GetUtcNow())
        {
            return false;
        }
        verified = link;
        return true;
    }

    private static SignedLink? Read(string[] fields)
    {
        DateTimeOffset? expires = null;
        if (fields[6].Length > 0)
        {
            if (!long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return null;
            }
            expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return new SignedLink(fields[1], fields[2], fields[3], fields[4], fields[5], expires, fields[7..]);
    }

    private static string Seal(byte[] secret, string fields)
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(fields));
        return payload + "." + Base64Url.EncodeToString(Sign(secret, payload));
    }

    private static byte[] Sign(byte[] secret, string payload) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(payload));
}
