using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConsentFunctions.Core.Events;

/// <summary>
/// The signature of a delivery, header <c>Consent-Signature: t={unix seconds},v1={hex}</c>, where
/// v1 is HMAC-SHA-256 with the destination's secret over "{t}.{body}" (the raw body bytes).
/// Receivers recompute it and refuse a t too far from their clock (docs/EVENTS.md).
/// </summary>
public static class EventSignature
{
    public const string Header = "Consent-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return FormattableString.Invariant($"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }

    /// <summary>What a receiver does: true when the header signs this body with this secret within the tolerance.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || !parts.ContainsKey("v1") || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(FormattableString.Invariant($"t={t},v1={parts["v1"]}")));
    }
}
