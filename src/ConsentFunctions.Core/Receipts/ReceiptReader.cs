using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Receipts;

/// <summary>
/// GET /api/receipts/{id}: the stored proof and whether it is still intact; for a double opt-in,
/// the confirmation beside it (the proof says when the consent was collected, this when its
/// address's owner confirmed it).
/// </summary>
public sealed record ReceiptProof(ReceiptDocument Receipt, ReceiptIntegrity Integrity, DateTimeOffset? ArchivedAt = null, DateTimeOffset? DeleteAfter = null,
    ReceiptConfirmation? Confirmation = null);

/// <summary>
/// The integrity check a DPO shows an auditor: each wording still hashes to the SHA-256 printed
/// on the receipt and on its fact row, and the stored document still hashes to its fingerprint.
/// </summary>
public sealed record ReceiptIntegrity(bool Intact, bool DocumentMatches, IReadOnlyList<ConsentIntegrity> Consents, DateTimeOffset CheckedAt);

public sealed record ConsentIntegrity(int Index, bool WordingMatchesSha256, bool FactRowMatches);

public sealed class ReceiptReader(ConsentTables tables, TimeProvider time)
{
    public async Task<ReceiptProof?> ReadAsync(string receiptId, CancellationToken cancellationToken)
    {
        if (!ReceiptIds.TryParse(receiptId, out var ulid, out var subjectKey))
        {
            return null;
        }
        var table = await tables.GetAsync(TableNames.Subjects);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(subjectKey, SubjectPartition.ReceiptRowKey(ulid), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return await ReadArchivedAsync(subjectKey, ulid, cancellationToken);
        }
        var entity = response.Value;
        var proof = TextChunks.Read(entity, "Proof");
        if (proof is null)
        {
            return null;
        }
        var document = JsonSerializer.Deserialize<ReceiptDocument>(proof, JsonDefaults.Options)!;
        var documentMatches = Hashing.Sha256Text.Hex(proof) == entity.GetString("ProofSha256");

        // Each fact row is a point read; a receipt holds at most 20 boxes.
        var facts = new Dictionary<int, string?>();
        foreach (var consent in document.Consents)
        {
            var rowKey = SubjectPartition.ConsentRowKey(consent.Channel, consent.Purpose, ulid, consent.Index);
            var fact = await table.GetEntityIfExistsAsync<TableEntity>(subjectKey, rowKey, select: ["WordingSha256"], cancellationToken: cancellationToken);
            facts[consent.Index] = fact.HasValue ? fact.Value!.GetString("WordingSha256") : null;
        }

        var checks = document.Consents
            .Select(c => new ConsentIntegrity(c.Index, WordingHash.Sha256Hex(c.Wording) == c.WordingSha256, facts[c.Index] == c.WordingSha256))
            .ToList();
        var intact = documentMatches && checks.All(c => c.WordingMatchesSha256 && c.FactRowMatches);
        return new ReceiptProof(document, new ReceiptIntegrity(intact, documentMatches, checks, time.GetUtcNow()), Confirmation: ReceiptConfirmation.ReadFrom(entity));
    }

    /// <summary>
    /// The proof of a consent whose person's data has expired, kept in the archive for
    /// Retention:ProofYears. Its fact rows are gone, so only the wordings and the document are checked.
    /// </summary>
    private async Task<ReceiptProof?> ReadArchivedAsync(string subjectKey, string ulid, CancellationToken cancellationToken)
    {
        var archive = await tables.GetAsync(TableNames.Archive);
        var response = await archive.GetEntityIfExistsAsync<TableEntity>(subjectKey, ulid, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null || TextChunks.Read(response.Value, "Proof") is not { } proof)
        {
            return null;
        }
        var document = JsonSerializer.Deserialize<ReceiptDocument>(proof, JsonDefaults.Options)!;
        var documentMatches = Hashing.Sha256Text.Hex(proof) == response.Value.GetString("ProofSha256");
        var checks = document.Consents.Select(c => new ConsentIntegrity(c.Index, WordingHash.Sha256Hex(c.Wording) == c.WordingSha256, FactRowMatches: true)).ToList();
        return new ReceiptProof(document, new ReceiptIntegrity(documentMatches && checks.All(c => c.WordingMatchesSha256), documentMatches, checks, time.GetUtcNow()),
            response.Value.GetDateTimeOffset("ArchivedAt"), response.Value.GetDateTimeOffset("DeleteAfter"), ReceiptConfirmation.ReadFrom(response.Value));
    }
}
