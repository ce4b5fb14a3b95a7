using System.Globalization;
using System.Text;

namespace ConsentFunctions.Core.Proofs;

/// <summary>
/// One act as a leaf of a day's tree: what the event log says of it, and the SHA-256 of the whole
/// stored receipt it came from (so the wording shown, byte for byte, is under the root). The leaf
/// data is the lines of <see cref="LeafText"/>, UTF-8; every field is an id, a keyed hash, a
/// vocabulary word or a date, none holds a line break. docs/PROOF.md spells the format out for
/// verifiers written elsewhere; tools/ConsentFunctions.Verify is one.
/// </summary>
public sealed record ProofAct(
    string Id,
    string Type,
    DateTimeOffset Time,
    string Subject,
    string Channel,
    string Purpose,
    string? ReceiptId,
    string? ReceiptSha256)
{
    public const string LeafFormat = "consent-proof-leaf/1";

    public string LeafText => string.Join('\n',
        LeafFormat,
        "id=" + Id,
        "type=" + Type,
        "time=" + TimeText(Time),
        "subject=" + Subject,
        "channel=" + Channel,
        "purpose=" + Purpose,
        "receipt=" + ReceiptId,
        "receiptSha256=" + ReceiptSha256);

    /// <summary>UTC to the millisecond, as the event and the receipt write it (sub-millisecond ticks are cut, never rounded).</summary>
    public static string TimeText(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public byte[] LeafHash() => MerkleTree.LeafHash(Encoding.UTF8.GetBytes(LeafText));
}
