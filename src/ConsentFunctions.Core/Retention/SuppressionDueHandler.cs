using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// Suppression entries (<see cref="DueKinds.Suppression"/>) older than Retention:SuppressionYears
/// go (RULES.md section 4), and only once nothing else of the person is held: an objection is
/// honoured as long as the data it protects exists. With SuppressionYears 0 they are kept for good,
/// and entries scheduled by an earlier configuration are simply dropped from the index.
/// </summary>
public sealed class SuppressionDueHandler(ConsentTables tables, IOptions<RetentionOptions> options) : IDueEntryHandler
{
    public string Kind => DueKinds.Suppression;

    public async Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var years = options.Value.SuppressionYears;
        if (years == 0)
        {
            return null;
        }
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var rows = await counters.ReadPartitionAsync(subjects, subjectKey, cancellationToken, ["PartitionKey", "RowKey", "At"]);
        var suppressions = rows.Where(SubjectPartition.IsSuppression).ToList();
        if (suppressions.Count < rows.Count)
        {
            return now.AddYears(1); // the person's data is still held: look again in a year
        }
        var expired = suppressions.Where(r => (r.GetDateTimeOffset("At") ?? now).AddYears(years) < now).ToList();
        counters.SuppressionsDeleted(expired.Count);
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(subjects, expired, cancellationToken);
            counters.Wrote(expired.Count);
        }
        var remaining = suppressions.Except(expired).Select(r => (r.GetDateTimeOffset("At") ?? now).AddYears(years)).ToList();
        return remaining.Count == 0 ? null : remaining.Min();
    }
}
