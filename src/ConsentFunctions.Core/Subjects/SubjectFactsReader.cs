using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>Reads one person's facts: one range query inside their partition, never a scan.</summary>
public sealed class SubjectFactsReader(ConsentTables tables, SubjectKeyHasher hasher)
{
    public string KeyOf(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return identifier.IsEmail ? hasher.ForEmail(identifier.Value) : hasher.ForPhone(identifier.Value);
    }

    public async Task<SubjectFacts> ReadAsync(Identifier identifier, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Subjects);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(SubjectPartition.FactsFilter(KeyOf(identifier)), select: SubjectPartition.FactColumns, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return SubjectPartition.ToFacts(identifier, rows);
    }
}
