using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Archived proofs (table Archive): the receipt row as it was, under the same keyed hash and
/// ULID, with the date it may be deleted. Only the receipts route reads it, behind the admin key.
/// </summary>
public static class ArchiveRows
{
    public static TableEntity FromReceipt(TableEntity receipt, DateTimeOffset archivedAt, DateTimeOffset deleteAfter)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var ulid = receipt.RowKey[SubjectPartition.ReceiptPrefix.Length..];
        var archived = new TableEntity(receipt.PartitionKey, ulid);
        foreach (var (name, value) in receipt)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                archived[name] = value;
            }
        }
        archived["ArchivedAt"] = archivedAt;
        archived["DeleteAfter"] = deleteAfter;
        return archived;
    }

    /// <summary>
    /// The proofs of consents given, each with the day it may be deleted (RULES.md section 5): kept
    /// ProofYears from when the consent ended, by a withdrawal or objection or, at the latest, now
    /// (the data expired or the person was erased). A proof already past that is not archived.
    /// </summary>
    public static List<(TableEntity Receipt, DateTimeOffset DeleteAfter)> ProofsToArchive(IReadOnlyList<TableEntity> rows, SubjectFacts facts, DateTimeOffset now, int proofYears)
    {
        var proofs = new List<(TableEntity, DateTimeOffset)>();
        foreach (var receipt in rows.Where(SubjectPartition.IsReceipt))
        {
            var given = facts.Consents.Where(c => c.ReceiptId == receipt.GetString("ReceiptId") && c.Status == ConsentValidityResult.Given).ToList();
            if (given.Count == 0)
            {
                continue;
            }
            // The latest moment one of its consents still stood.
            var ended = given.Max(c => PersonActs.Of(facts, c.Channel, c.Purpose)
                .Where(a => a.IsNegative && a.At >= c.ActAt).Select(a => (DateTimeOffset?)a.At).Min() ?? now);
            var deleteAfter = (ended < now ? ended : now).AddYears(proofYears);
            if (deleteAfter > now)
            {
                proofs.Add((receipt, deleteAfter));
            }
        }
        return proofs;
    }

    /// <summary>Copies proofs to the archive, its index entry first (the earliest deletion day).</summary>
    public static async Task ArchiveAsync(ConsentTables tables, RetentionIndex index, string subjectKey, IReadOnlyList<(TableEntity Receipt, DateTimeOffset DeleteAfter)> proofs, DateTimeOffset now, CancellationToken ct)
    {
        if (proofs.Count == 0)
        {
            return;
        }
        await index.ScheduleAsync([new DueEntry(DueKinds.Archive, subjectKey)], proofs.Min(p => p.DeleteAfter), ct);
        var archive = await tables.GetAsync(TableNames.Archive);
        foreach (var chunk in proofs.Chunk(100))
        {
            await archive.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                ArchiveRows.FromReceipt(p.Receipt, now, p.DeleteAfter))), ct);
        }
    }

}
