using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// A person's data (<see cref="DueKinds.Subject"/>): deleted when past its limit
/// (<see cref="RetentionPolicy"/>, RULES.md section 5), else looked at again when it could be. The
/// proofs of consents given move to the archive first; suppression entries stay (they have their
/// own kind).
/// </summary>
public sealed class SubjectDueHandler(ConsentTables tables, RetentionIndex index, IOptions<RetentionOptions> options) : IDueEntryHandler
{
    public string Kind => DueKinds.Subject;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var rows = await counters.ReadPartitionAsync(subjects, subjectKey, cancellationToken);
        var held = rows.Where(r => !r.RowKey.StartsWith(SubjectPartition.SuppressionPrefix, StringComparison.Ordinal)).ToList();
        if (held.Count == 0)
        {
            counters.StaleRemoved();
            return null;
        }
        var facts = SubjectPartition.ToFacts(new Identifier("key", subjectKey), rows);
        var expires = RetentionPolicy.DataExpiresAt(facts, options.Value);
        if (expires is null)
        {
            // An ongoing customer relationship (or nothing with a clock): look again in a year.
            return now.AddYears(1);
        }
        if (expires.Value >= now)
        {
            return expires.Value;
        }

        // Past its limit: the proofs of consents given move to the archive, then everything goes but the suppression entries.
        var proofs = ArchiveRows.ProofsToArchive(held, facts, now, options.Value.ProofYears);
        counters.SubjectDeleted();
        counters.RowsDeleted(held.Count);
        counters.ProofsArchived(proofs.Count);
        if (dryRun)
        {
            return null;
        }
        await ArchiveRows.ArchiveAsync(tables, index, subjectKey, proofs, now, cancellationToken);
        counters.Wrote(proofs.Count == 0 ? 0 : proofs.Count + 1);
        await PartitionRows.DeleteAsync(subjects, held, cancellationToken);
        counters.Wrote(held.Count);
        return null;
    }
}
