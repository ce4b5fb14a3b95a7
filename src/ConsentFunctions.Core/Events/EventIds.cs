using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ConsentFunctions.Core.Events;

/// <summary>
/// Event ids derive from the act, never from the moment of delivery, so a retried act or a
/// redelivered event carries the same id and receivers can drop duplicates.
/// </summary>
public static class EventIds
{
    /// <summary>A box of a receipt: the receipt id and the box's index.</summary>
    public static string ForBox(string receiptId, int index) => FormattableString.Invariant($"{receiptId}-{index:D2}");

    /// <summary>A suppression row written at <paramref name="at"/>: its partition, key and date, hashed (the key names channel and purpose only).</summary>
    public static string ForSuppression(string subjectKey, string rowKey, DateTimeOffset at) => Hashed("s-", subjectKey, rowKey, at);

    /// <summary>A rectification of the person's profile at <paramref name="at"/>.</summary>
    public static string ForRectification(string subjectKey, DateTimeOffset at) => Hashed("r-", subjectKey, "profile", at);

    private static string Hashed(string prefix, string subjectKey, string rowKey, DateTimeOffset at)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{subjectKey}\n{rowKey}\n{at.UtcTicks}")));
        return prefix + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }
}
