using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>Reads one person's facts: one range query inside their partition, never a scan.</summary>
public sealed class SubjectFactsReader(ConsentTables tables, SubjectKeyHasher hasher)
{
    private static readonly string[] Columns =
        ["RowKey", "ReceiptId", "RecordedAt", "Channel", "Purpose", "Status", "Reason", "Partners", "Audience", "SourceKind", "SourcePartner", "Kind", "At", "SimilarProducts"];

    public string KeyOf(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return identifier.IsEmail ? hasher.ForEmail(identifier.Value) : hasher.ForPhone(identifier.Value);
    }

    public async Task<SubjectFacts> ReadAsync(Identifier identifier, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(SubjectRows.FactsFilter(KeyOf(identifier)), select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }
        return SubjectRows.ToFacts(identifier, rows);
    }
}
