using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// Writes objections and unsubscribes as suppression rows in the person's partition: keyed by the
/// keyed hash, holding only channel, purpose, kind and date, so they can outlive erasure. An
/// objection also reaches the person's other identifier (the phone their profile names), so an
/// objection made by email stops text messages too.
/// </summary>
public sealed class SuppressionWriter(ConsentTables tables)
{
    /// <summary>Adds the rows in one transaction per partition; rows that already exist (a retry) are kept as they are.</summary>
    public async Task WriteAsync(IReadOnlyCollection<string> subjectKeys, IReadOnlyList<SuppressionFact> facts, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectKeys);
        ArgumentNullException.ThrowIfNull(facts);
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        foreach (var key in subjectKeys.Distinct(StringComparer.Ordinal))
        {
            var actions = facts.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, SubjectRows.Suppression(key, f, eventId))).ToList();
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
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
