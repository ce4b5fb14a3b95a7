using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Subjects;

/// <summary>What is held on one person (GDPR art. 15), as the export route returns it.</summary>
public sealed record SubjectExport(
    IReadOnlyDictionary<string, object?>? Profile,
    IReadOnlyList<ReceiptDocument> Receipts,
    IReadOnlyList<ConsentFact> Consents,
    IReadOnlyList<InteractionFact> Interactions,
    IReadOnlyList<SuppressionFact> Objections,
    IReadOnlyList<ReceiptDocument> ArchivedReceipts,
    IReadOnlyList<DecisionRecord> Decisions);

/// <summary>
/// What an erasure did: the rows deleted, and the archived proofs kept to defend legal claims
/// (GDPR art. 17(3)(e)) with the day the last of them goes at the latest.
/// </summary>
public sealed record ErasureResult(int RowsDeleted, int ProofsKept, DateTimeOffset? ProofsKeptUntil);

/// <summary>The body of POST /api/subjects/rectify: the profile fields to correct.</summary>
public sealed class RectifyRequest
{
    public SubjectRef? Subject { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CustomerId { get; set; }
}

/// <summary>The body of POST /api/subjects/export and /erase.</summary>
public sealed class SubjectRequest
{
    public SubjectRef? Subject { get; set; }
}

/// <summary>
/// The person's rights of access (art. 15), rectification (art. 16) and erasure (art. 17) over
/// everything held under their keyed hashes (both identifiers when a form linked them).
/// </summary>
public sealed partial class SubjectRights(
    ConsentTables tables,
    SubjectFactsReader reader,
    SuppressionWriter suppressions,
    SubjectLinkStore links,
    DecisionRecordStore decisions,
    RetentionIndex index,
    EventOutbox outbox,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<SubjectRights> logger)
{
    private static readonly HashSet<string> ProfileFields = new(StringComparer.Ordinal)
        { "Email", "Phone", "FirstName", "LastName", "CustomerId", "Audience", "LastRecordedAt" };

    public async Task<SubjectExport?> ExportAsync(IReadOnlyList<Identifier> identifiers, CancellationToken ct)
    {
        var keys = await KeysAsync(identifiers, ct);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var archive = await tables.GetAsync(TableNames.Archive);
        var rows = new List<TableEntity>();
        var archived = new List<ReceiptDocument>();
        foreach (var key in keys)
        {
            rows.AddRange(await PartitionRows.ReadAsync(subjects, key, ct));
            archived.AddRange((await PartitionRows.ReadAsync(archive, key, ct)).Select(ProofOf).OfType<ReceiptDocument>());
        }
        var decided = await decisions.BySubjectsAsync(keys, ct);
        if (rows.Count == 0 && archived.Count == 0 && decided.Count == 0)
        {
            return null;
        }
        var facts = SubjectPartition.ToFacts(identifiers[0], rows);
        var profile = rows.Where(r => r.RowKey == SubjectPartition.ProfileRowKey)
            .SelectMany(r => r.Where(p => ProfileFields.Contains(p.Key)))
            .GroupBy(p => char.ToLowerInvariant(p.Key[0]) + p.Key[1..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (object?)g.First().Value, StringComparer.Ordinal);
        var receipts = rows.Where(r => r.RowKey.StartsWith(SubjectPartition.ReceiptPrefix, StringComparison.Ordinal)).Select(ProofOf).OfType<ReceiptDocument>().ToList();
        LogExported(logger, keys.Count, receipts.Count);
        return new SubjectExport(profile.Count == 0 ? null : profile, receipts,
            facts.Consents.DistinctBy(c => (c.ReceiptId, c.Channel, c.Purpose)).ToList(),
            facts.Interactions.Distinct().ToList(), facts.Suppressions.Distinct().ToList(), archived, decided);
    }

    /// <summary>
    /// Corrects the profile; receipts keep what was submitted, since they are proof. In the first
    /// partition holding a profile, the correction and the outbox row of its <c>fr.consent.rectified</c>
    /// event are one transaction: every recipient of the data is told (GDPR art. 19).
    /// </summary>
    public async Task<bool> RectifyAsync(IReadOnlyList<Identifier> identifiers, string? firstName, string? lastName, string? customerId, CancellationToken ct)
    {
        var keys = await KeysAsync(identifiers, ct);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var at = time.GetUtcNow();
        var corrected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in new[] { ("firstName", firstName), ("lastName", lastName), ("customerId", customerId) })
        {
            if (value is not null)
            {
                corrected[field] = value;
            }
        }
        string? relay = null;
        foreach (var key in keys)
        {
            var existing = await subjects.GetEntityIfExistsAsync<TableEntity>(key, SubjectPartition.ProfileRowKey, ["RowKey"], ct);
            if (!existing.HasValue)
            {
                continue;
            }
            var patch = new TableEntity(key, SubjectPartition.ProfileRowKey) { ["RectifiedAt"] = at };
            foreach (var (field, value) in corrected)
            {
                patch[char.ToUpperInvariant(field[0]) + field[1..]] = value;
            }
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateMerge, patch, Azure.ETag.All)];
            if (relay is null)
            {
                var outboxRow = RectifiedRow(key, identifiers, corrected, at);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, outboxRow));
                relay = outboxRow.RowKey;
                await subjects.SubmitTransactionAsync(actions, ct);
                await outbox.NotifyAsync(key, relay, ct);
            }
            else
            {
                await subjects.SubmitTransactionAsync(actions, ct);
            }
        }
        return relay is not null;
    }

    private TableEntity RectifiedRow(string subjectKey, IReadOnlyList<Identifier> identifiers, IReadOnlyDictionary<string, string> corrected, DateTimeOffset at)
    {
        var id = EventIds.ForRectification(subjectKey, at);
        var row = EventOutbox.Row(subjectKey, id, [new PendingEvent(id, ConsentEventTypes.Rectified, at, SuppressionFact.All, SuppressionFact.All, Fields: [.. corrected.Keys])], at,
            identifiers.FirstOrDefault(i => i.Kind == "email")?.Value, identifiers.FirstOrDefault(i => i.Kind == "phone")?.Value);
        EventOutbox.WriteCorrected(row, corrected);
        return row;
    }

    /// <summary>
    /// Erases the person: first an objection to everything (so the suppression list refuses them for
    /// good), then the proofs of the consents they gave move to the archive, where they are kept
    /// Retention:ProofYears to defend legal claims (GDPR art. 17(3)(e)), then every other row goes.
    /// </summary>
    public async Task<ErasureResult> EraseAsync(IReadOnlyList<Identifier> identifiers, CancellationToken ct)
    {
        var keys = await KeysAsync(identifiers, ct);
        var at = time.GetUtcNow();
        var act = new SuppressionAct(reader.KeyOf(identifiers[0]), ConsentEventTypes.Erasure,
            identifiers.FirstOrDefault(i => i.Kind == "email")?.Value, identifiers.FirstOrDefault(i => i.Kind == "phone")?.Value);
        await suppressions.WriteAsync(keys, [new SuppressionFact(SuppressionFact.Objection, SuppressionFact.All, SuppressionFact.All, at)], "erasure", ct, act);
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var archive = await tables.GetAsync(TableNames.Archive);
        var deleted = 0;
        var kept = 0;
        foreach (var key in keys)
        {
            var all = await PartitionRows.ReadAsync(subjects, key, ct);
            var proofs = ArchiveRows.ProofsToArchive(all, SubjectPartition.ToFacts(new Identifier("key", key), all), at, retention.Value.ProofYears);
            await ArchiveRows.ArchiveAsync(tables, index, key, proofs, at, ct);
            // Suppressions outlive erasure; pending events (the erasure's own among them) are removed by their delivery.
            var rows = all.Where(r => !SubjectPartition.IsSuppression(r) && !SubjectPartition.IsRelay(r)).ToList();
            await PartitionRows.DeleteAsync(subjects, rows, ct);
            deleted += rows.Count;
            kept += (await PartitionRows.ReadAsync(archive, key, ct, ["PartitionKey", "RowKey"])).Count;
        }
        LogErased(logger, keys.Count, deleted);
        return new ErasureResult(deleted, kept, kept == 0 ? null : at.AddYears(retention.Value.ProofYears));
    }

    private async Task<IReadOnlyCollection<string>> KeysAsync(IReadOnlyList<Identifier> identifiers, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            keys.UnionWith(await links.AllKeysAsync(reader.KeyOf(identifier), ct));
        }
        return keys;
    }

    private static ReceiptDocument? ProofOf(TableEntity row)
        => TextChunks.Read(row, "Proof") is { } proof ? JsonSerializer.Deserialize<ReceiptDocument>(proof, JsonDefaults.Options) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Partitions} partitions holding {Receipts} receipts")]
    private static partial void LogExported(ILogger logger, int partitions, int receipts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased {Rows} rows in {Partitions} partitions; the suppression entry stays")]
    private static partial void LogErased(ILogger logger, int partitions, int rows);
}
