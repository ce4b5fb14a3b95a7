using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Interactions;

/// <summary>
/// Records an interaction under each identifier given. The row key is derived from the
/// interaction itself, so a retry rewrites the same row: idempotent.
/// </summary>
public sealed class InteractionRecorder(ConsentTables tables, SubjectFactsReader reader, RetentionIndex retentionIndex, IOptions<RetentionOptions> retention)
{
    public async Task RecordAsync(IReadOnlyList<Identifier> identifiers, InteractionFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(fact);
        // Every interaction moves a clock: the sweep looks at the person again when the later one could end.
        var years = Math.Max(retention.Value.ProspectYears, retention.Value.CustomerYears);
        var due = identifiers.Select(i => new DueEntry(DueKinds.Subject, reader.KeyOf(i))).ToList();
        await retentionIndex.ScheduleAsync(due, fact.At.AddYears(years), cancellationToken).ConfigureAwait(false);
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        foreach (var identifier in identifiers)
        {
            await table.UpsertEntityAsync(SubjectPartition.Interaction(reader.KeyOf(identifier), fact), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }
}
