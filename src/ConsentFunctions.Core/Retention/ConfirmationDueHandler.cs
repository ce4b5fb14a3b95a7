using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Consents that awaited a confirmation (<see cref="DueKinds.Confirmation"/>) past their ConfirmBy
/// (DoubleOptIn:ExpiryDays) go: they proved nothing, and the address may have been typed by
/// someone else. When nothing else is then held of the person (no other box, no interaction), their
/// profile, receipts and links go too, as if the form had never been sent; their suppression
/// entries stay. Consents still pending are looked at again on their own day.
/// </summary>
public sealed class ConfirmationDueHandler(ConsentTables tables) : IDueEntryHandler
{
    public string Kind => DueKinds.Confirmation;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var rows = await counters.ReadPartitionAsync(subjects, subjectKey, cancellationToken, SubjectPartition.FactColumns.Append("PartitionKey"));
        var pending = rows.Where(r => SubjectPartition.IsConsent(r) && r.GetString("Status") == ConsentValidityResult.Pending).ToList();
        var expired = pending.Where(r => (r.GetDateTimeOffset("ConfirmBy") ?? DateTimeOffset.MinValue) <= now).ToList();
        var later = pending.Except(expired).Select(r => r.GetDateTimeOffset("ConfirmBy")!.Value).ToList();
        if (expired.Count == 0)
        {
            return later.Count == 0 ? null : later.Min();
        }
        var remaining = rows.Except(expired).ToList();
        var facts = SubjectPartition.ToFacts(new Identifier("key", subjectKey), remaining);
        var doomed = facts.HasRecords
            ? expired
            : rows.Where(r => !SubjectPartition.IsSuppression(r) && !SubjectPartition.IsRelay(r)).ToList(); // nothing else known of them
        if (!facts.HasRecords)
        {
            counters.SubjectDeleted();
        }
        counters.RowsDeleted(doomed.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, doomed, cancellationToken);
            counters.Wrote(doomed.Count);
        }
        return later.Count == 0 ? null : later.Min();
    }
}
