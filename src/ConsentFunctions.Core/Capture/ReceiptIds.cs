using System.Security.Cryptography;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// A receipt id is a ULID (time-ordered, 26 characters) followed by the subject key (22):
/// sortable by time within a person's partition, and enough to find that partition from the id
/// alone. It carries no personal data, only the keyed hash.
/// </summary>
public static class ReceiptIds
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int UlidLength = 26;
    public const int Length = UlidLength + SubjectKeyHasher.KeyLength;

    public static string New(DateTimeOffset at, string subjectKey)
    {
        ArgumentNullException.ThrowIfNull(subjectKey);
        Span<byte> bytes = stackalloc byte[16];
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return EncodeUlid(bytes) + subjectKey;
    }

    public static bool TryParse(string? receiptId, out string ulid, out string subjectKey)
    {
        ulid = subjectKey = string.Empty;
        if (receiptId is null || receiptId.Length != Length)
        {
            return false;
        }
        for (var i = 0; i < UlidLength; i++)
        {
            if (!Crockford.Contains(receiptId[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        for (var i = UlidLength; i < Length; i++)
        {
            var c = receiptId[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        ulid = receiptId[..UlidLength];
        subjectKey = receiptId[UlidLength..];
        return true;
    }

    private static string EncodeUlid(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 base32 characters, most significant first (the first character carries 3 bits).
        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        Span<char> chars = stackalloc char[UlidLength];
        for (var i = UlidLength - 1; i >= 0; i--)
        {
            chars[i] = Crockford[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
