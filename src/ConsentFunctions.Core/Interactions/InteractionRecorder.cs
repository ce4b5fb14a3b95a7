using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Interactions;

/// <summary>
/// Records an interaction under each identifier given. The row key is derived from the
/// interaction itself, so a retry rewrites the same row: idempotent.
/// </summary>
public sealed class InteractionRecorder(ConsentTables tables, SubjectFactsReader reader)
{
    public async Task RecordAsync(IReadOnlyList<Identifier> identifiers, InteractionFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        foreach (var identifier in identifiers)
        {
            await table.UpsertEntityAsync(SubjectRows.Interaction(reader.KeyOf(identifier), fact), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }
}
