using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsentFunctions.Core.Proofs;

/// <summary>One leaf of a day's tree as the root blob lists it: the act's id and its leaf hash (no personal data).</summary>
public sealed record DayLeaf(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("leaf")] string Leaf);

/// <summary>
/// The blob "{yyyy-MM-dd}/root.json" of container proof-roots: the day's root, its leaf count and
/// its leaves in tree order (so a proof pack can be built years later, after the event log has
/// dropped the day). Written once (If-None-Match: *) and kept under the container's immutability policy.
/// </summary>
public sealed record DayRoot(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("day")] string Day,
    [property: JsonPropertyName("leafCount")] int LeafCount,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("builtAt")] DateTimeOffset BuiltAt,
    [property: JsonPropertyName("leaves")] IReadOnlyList<DayLeaf> Leaves)
{
    public const string RootFormat = "consent-proof-root/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static DayRoot Build(DateOnly day, IReadOnlyList<DayLeaf> leaves, DateTimeOffset builtAt)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var root = MerkleTree.Root(leaves.Select(l => Convert.FromHexString(l.Leaf)).ToList());
        return new DayRoot(RootFormat, DayName(day), leaves.Count, Convert.ToHexStringLower(root), builtAt, leaves);
    }

    /// <summary>
    /// What the timestamp authority signs (its SHA-256 is the token's message imprint): the day,
    /// the count and the root, so a token cannot be moved to another day or another tree.
    /// </summary>
    public string Statement => StatementOf(Day, LeafCount, Root);

    public static string StatementOf(string day, int leafCount, string root)
        => FormattableString.Invariant($"{RootFormat}\nday={day}\nleaves={leafCount}\nroot={root}");

    public byte[] StatementSha256() => SHA256.HashData(Encoding.UTF8.GetBytes(Statement));

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DayRoot Parse(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<DayRoot>(json, Json) ?? throw new FormatException("Empty root blob.");

    public static string DayName(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string RootBlobName(DateOnly day) => DayName(day) + "/root.json";

    public static string TimestampBlobName(DateOnly day) => DayName(day) + "/timestamp.tst";
}
