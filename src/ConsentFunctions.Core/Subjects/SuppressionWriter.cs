using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// Writes objections and unsubscribes as suppression rows in the person's partition: keyed by the
/// keyed hash, holding only channel, purpose, kind and date, so they can outlive erasure. An
/// objection also reaches the person's other identifier (the phone their profile names), so an
/// objection made by email stops text messages too.
/// </summary>
public sealed class SuppressionWriter(ConsentTables tables, RetentionIndex retentionIndex, IOptions<RetentionOptions> retention)
{
    /// <summary>
    /// Writes the rows in one transaction per partition. With <paramref name="keepFirst"/> a row
    /// that already exists (the same link clicked again) keeps its first date.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<string> subjectKeys, IReadOnlyList<SuppressionFact> facts, string eventId, CancellationToken cancellationToken, bool keepFirst = false)
    {
        ArgumentNullException.ThrowIfNull(subjectKeys);
        ArgumentNullException.ThrowIfNull(facts);
        var keys = subjectKeys.Distinct(StringComparer.Ordinal).ToList();
        if (facts.Count > 0)
        {
            // Kept Retention:SuppressionYears after the objection, then the sweep removes it.
            var due = keys.Select(k => new DueEntry(DueKinds.Suppression, k)).ToList();
            await retentionIndex.ScheduleAsync(due, facts.Max(f => f.At).AddYears(retention.Value.SuppressionYears), cancellationToken).ConfigureAwait(false);
        }
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        foreach (var key in keys)
        {
            var type = keepFirst ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace;
            var actions = facts.Select(f => new TableTransactionAction(type, SubjectRows.Suppression(key, f, eventId))).ToList();
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (keepFirst && e.ErrorCode == "EntityAlreadyExists")
            {
                // Already stored by an earlier delivery of the same request.
            }
        }
    }

    /// <summary>The keys of the partitions holding this person: the one asked for, and the other identifier its profile names.</summary>
    public async Task<IReadOnlyCollection<string>> LinkedKeysAsync(string subjectKey, SubjectKeyHasher hasher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var keys = new List<string> { subjectKey };
        var profile = await table.GetEntityIfExistsAsync<TableEntity>(subjectKey, ReceiptEntities.ProfileRowKey, ["Email", "Phone"], cancellationToken).ConfigureAwait(false);
        if (profile.HasValue && profile.Value is { } p)
        {
            if (p.GetString("Email") is { } email)
            {
                keys.Add(hasher.ForEmail(email));
            }
            if (p.GetString("Phone") is { } phone)
            {
                keys.Add(hasher.ForPhone(phone));
            }
        }
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }
}
