using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;

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
        var ulid = receipt.RowKey[ReceiptEntities.ReceiptPrefix.Length..];
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
}
