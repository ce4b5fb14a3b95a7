namespace ConsentFunctions.Core.Proofs;

/// <summary>
/// What POST /api/subjects/proof and GET /api/receipts/{id}/proof return: everything a third
/// party needs to check the person's acts without the service (docs/PROOF.md).
/// </summary>
public sealed record ProofPack(
    string Format,
    DateTimeOffset GeneratedAt,
    string Hashing,
    int ImmutableYears,
    IReadOnlyList<PackReceipt> Receipts,
    IReadOnlyList<PackAct> Acts,
    IReadOnlyList<PackDay> Days)
{
    public const string PackFormat = "consent-proof-pack/1";

    public const string HashingText = "leaf = SHA-256(0x00 || UTF-8 leaf text), node = SHA-256(0x01 || left || right) (RFC 9162 section 2.1); "
        + "timestamp imprint = SHA-256(UTF-8 day statement)";
}

/// <summary>A receipt: its stored document exactly as stored (hash this text), and its boxes as TS 27560 records.</summary>
public sealed record PackReceipt(string ReceiptId, string Subject, string Document, string DocumentSha256, IReadOnlyList<ConsentRecord27560> ConsentRecords);

/// <summary>
/// One act as stored now, its leaf, and where it sits: status "anchored" (in the root of
/// <see cref="Day"/>), "pending" (its day is not rooted yet) or "not-found" (its day is rooted
/// without it: the act or its receipt changed since, or it is a copy made for a linked identifier).
/// </summary>
public sealed record PackAct(
    string Id,
    string Type,
    string Time,
    string Subject,
    string Channel,
    string Purpose,
    string? ReceiptId,
    string? ReceiptSha256,
    string Leaf,
    string Status,
    string? Day = null,
    int? LeafIndex = null,
    IReadOnlyList<string>? Path = null);

/// <summary>A day's root, the statement the authority signed, and its RFC 3161 token (base64 DER) when there is one.</summary>
public sealed record PackDay(string Day, int LeafCount, string Root, string Statement, string? Timestamp, string TimestampStatus);
