using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Subjects;

public sealed class SubjectOptions
{
    public const string Section = "Subjects";

    /// <summary>Base64 secret (at least 32 bytes) for the keyed hashes that replace identifiers in keys.</summary>
    public string HashKey { get; set; } = string.Empty;
}

/// <summary>
/// Keyed hashes (HMAC-SHA-256) of normalised identifiers. They are the partition keys, the
/// suppression entries and what logs may name: without the secret nobody can test an email
/// against them.
/// </summary>
public sealed class SubjectKeyHasher
{
    /// <summary>Length of a subject key: 128 bits in unpadded base64url.</summary>
    public const int KeyLength = 22;

    private readonly byte[] _secret;

    public SubjectKeyHasher(IOptions<SubjectOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(options.Value.HashKey ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Setting Subjects:HashKey must be base64.");
        }
        if (secret.Length < 32)
        {
            throw new InvalidOperationException("Setting Subjects:HashKey must hold at least 32 random bytes (base64).");
        }
        _secret = secret;
    }

    /// <summary>The key of a person known by this normalised email.</summary>
    public string ForEmail(string normalizedEmail) => Hash("email:" + normalizedEmail);

    /// <summary>The key of a person known by this E.164 phone number.</summary>
    public string ForPhone(string e164) => Hash("phone:" + e164);

    /// <summary>A keyed hash of any other value that must not appear in a key (submission ids).</summary>
    public string ForValue(string purpose, string value) => Hash(purpose + ":" + value);

    private string Hash(string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value), mac);
        return Base64Url.EncodeToString(mac[..16]);
    }
}
