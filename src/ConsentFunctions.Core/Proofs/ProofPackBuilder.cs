using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

/// <summary>
/// Builds proof packs. Each act is taken from the person's partition as stored now (fact rows,
/// suppression rows, the receipt's stored text), its leaf computed again, and looked up by act
/// id in the root blob of the day it was logged (the day of the receipt, or one of the two after
/// it when its event was relayed late). The path comes from the root blob's leaves, so an act
/// changed since it was rooted gets a leaf the path does not lead from: the verifier says so.
/// </summary>
public sealed class ProofPackBuilder(
    ConsentTables tables,
    SubjectFactsReader reader,
    DailyRootSealer roots,
    ProofRootContainer blobs,
    IOptions<ProofOptions> options,
    IOptions<RulesOptions> rules,
    TimeProvider time)
{
    private const int DaysOfRelay = 3;

    private static readonly string[] Columns = ["PartitionKey", "RowKey", "ReceiptId", "RecordedAt", "CollectedAt", "Channel", "Purpose", "Status", "Kind", "At"];

    /// <summary>The pack of everything stored on the person, or null when nothing is.</summary>
    public async Task<ProofPack?> ForSubjectAsync(IReadOnlyList<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var rows = new List<TableEntity>();
        var table = await tables.GetAsync(TableNames.Subjects);
        foreach (var key in identifiers.Select(reader.KeyOf).Distinct(StringComparer.Ordinal))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and ((RowKey ge {SubjectPartition.ConsentPrefix} and RowKey lt {"consent}"}) or (RowKey ge {SubjectPartition.ReceiptPrefix} and RowKey lt {"receipt}"}) or (RowKey ge {SubjectPartition.SuppressionPrefix} and RowKey lt {"suppression}"}))");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        return rows.Count == 0 ? null : await BuildAsync(rows, includeSuppressions: true, cancellationToken);
    }

    /// <summary>The pack of one receipt, or null when there is no such receipt.</summary>
    public async Task<ProofPack?> ForReceiptAsync(string receiptId, CancellationToken cancellationToken)
    {
        if (!ReceiptIds.TryParse(receiptId, out _, out var key))
        {
            return null;
        }
        var table = await tables.GetAsync(TableNames.Subjects);
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {SubjectPartition.ConsentPrefix} and RowKey lt {"receipt}"} and ReceiptId eq {receiptId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        if (rows.Count == 0 && await roots.ReceiptTextAsync(receiptId, cancellationToken) is null)
        {
            return null;
        }
        rows.Add(new TableEntity(key, SubjectPartition.ReceiptRowKey(receiptId)) { ["ReceiptId"] = receiptId });
        return await BuildAsync(rows, includeSuppressions: false, cancellationToken);
    }

    private async Task<ProofPack> BuildAsync(List<TableEntity> rows, bool includeSuppressions, CancellationToken cancellationToken)
    {
        var days = new DayCache(await blobs.ContainerAsync(), time.GetUtcNow());
        var receiptIds = rows.Select(r => r.GetString("ReceiptId")).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var acts = new List<PackAct>();
        var receipts = new List<(string Id, string Subject, string Text, ReceiptDocument Document)>();
        foreach (var receiptId in receiptIds)
        {
            if (!ReceiptIds.TryParse(receiptId, out _, out var receiptKey) || await roots.ReceiptTextAsync(receiptId, cancellationToken) is not { } text)
            {
                continue;
            }
            var sha = DailyRootSealer.Sha256Hex(text);
            receipts.Add((receiptId, receiptKey, text, JsonSerializer.Deserialize<ReceiptDocument>(text, JsonDefaults.Options)!));
            // The receipt's own partition first: its rows are the ones the event came from.
            var boxes = rows.Where(r => r.GetString("ReceiptId") == receiptId && r.RowKey.StartsWith(SubjectPartition.ConsentPrefix, StringComparison.Ordinal))
                .OrderBy(r => r.PartitionKey == receiptKey ? 0 : 1);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in boxes)
            {
                if (ConsentEventTypes.OfStatus(row.GetString("Status") ?? string.Empty) is not { } type)
                {
                    continue;
                }
                var index = int.Parse(row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture);
                var recordedAt = row.GetDateTimeOffset("RecordedAt") ?? default;
                var act = new ProofAct(EventIds.ForBox(receiptId, index), type, row.GetDateTimeOffset("CollectedAt") ?? recordedAt, receiptKey,
                    row.GetString("Channel"), row.GetString("Purpose"), receiptId, sha);
                if (seen.Add(act.Id))
                {
                    acts.Add(await LocateAsync(days, [act], recordedAt, cancellationToken));
                }
            }
        }
        if (includeSuppressions)
        {
            foreach (var row in rows.Where(r => r.RowKey.StartsWith(SubjectPartition.SuppressionPrefix, StringComparison.Ordinal)))
            {
                var at = row.GetDateTimeOffset("At") ?? default;
                var id = EventIds.ForSuppression(row.PartitionKey, row.RowKey, at);
                var kindType = row.GetString("Kind") == SuppressionFact.Unsubscribe ? ConsentEventTypes.Withdrawn : ConsentEventTypes.Objection;
                // An erasure writes the same rows under its own event type: the stored leaf says which it was.
                var candidates = new[] { kindType, ConsentEventTypes.Erasure }
                    .Select(t => new ProofAct(id, t, at, row.PartitionKey, row.GetString("Channel"), row.GetString("Purpose"), null, null)).ToList();
                acts.Add(await LocateAsync(days, candidates, at, cancellationToken));
            }
        }

        var controllers = rules.Value.ControllerNameList().ToList();
        var packReceipts = receipts.Select(r => new PackReceipt(r.Id, r.Subject, r.Text, DailyRootSealer.Sha256Hex(r.Text),
            r.Document.Consents.Select(box => ConsentRecord27560.Of(r.Document, box, r.Subject, controllers, History(acts, box.Channel, box.Purpose))).ToList())).ToList();
        var packDays = new List<PackDay>();
        foreach (var day in acts.Select(a => a.Day).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var root = (await days.RootAsync(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken))!;
            var token = await days.TokenAsync(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
            packDays.Add(new PackDay(day, root.Root.LeafCount, root.Root.Root, root.Root.Statement, token is null ? null : Convert.ToBase64String(token),
                token is not null ? "stamped" : options.Value.Timestamps ? "pending" : "not-configured"));
        }
        return new ProofPack(ProofPack.PackFormat, time.GetUtcNow(), ProofPack.HashingText, options.Value.ImmutableYears, packReceipts, acts, packDays);
    }

    private static List<ConsentStatusEntry> History(List<PackAct> acts, string channel, string purpose)
        => acts.Where(a => a.Channel == channel && (a.Purpose == purpose || a.Purpose == "*") || a.Channel == "*" && (a.Purpose == purpose || a.Purpose == "*"))
            .OrderBy(a => a.Time, StringComparer.Ordinal)
            .Select(a => new ConsentStatusEntry(ConsentRecord27560.StatusTerm(a.Type), a.Type, a.Time, a.Id, a.ReceiptId))
            .ToList();

    /// <summary>The act in the first day's root that lists its id (preferring the candidate whose leaf it holds), with its path.</summary>
    private static async Task<PackAct> LocateAsync(DayCache days, IReadOnlyList<ProofAct> candidates, DateTimeOffset loggedFrom, CancellationToken cancellationToken)
    {
        var pending = false;
        var first = DateOnly.FromDateTime(loggedFrom.UtcDateTime);
        for (var day = first; day < first.AddDays(DaysOfRelay); day = day.AddDays(1))
        {
            var root = await days.RootAsync(day, cancellationToken);
            if (root is null)
            {
                // Today's and yesterday's roots may not be built yet; an older day without a root was never rooted.
                pending |= day >= days.Today.AddDays(-1);
                continue;
            }
            if (!root.Index.TryGetValue(candidates[0].Id, out var positions))
            {
                continue;
            }
            foreach (var act in candidates)
            {
                var leaf = Convert.ToHexStringLower(act.LeafHash());
                var at = positions.FirstOrDefault(p => root.Root.Leaves[p].Leaf == leaf, -1);
                if (at >= 0)
                {
                    return Pack(act, "anchored", root, at);
                }
            }
            // Listed under its id with another leaf: changed since it was rooted.
            return Pack(candidates[0], "anchored", root, positions[0]);
        }
        return Pack(candidates[0], pending ? "pending" : "not-found", null, -1);
    }

    private static PackAct Pack(ProofAct act, string status, DayEntry? root, int index)
        => new(act.Id, act.Type, ProofAct.TimeText(act.Time), act.Subject, act.Channel, act.Purpose, act.ReceiptId, act.ReceiptSha256,
            Convert.ToHexStringLower(act.LeafHash()), status, root?.Root.Day, root is null ? null : index,
            root is null ? null : MerkleTree.InclusionPath(root.LeafHashes, index).Select(Convert.ToHexStringLower).ToList());

    private sealed record DayEntry(DayRoot Root, IReadOnlyList<byte[]> LeafHashes, Dictionary<string, List<int>> Index);

    /// <summary>The root blobs and tokens read for one pack, each once.</summary>
    private sealed class DayCache(BlobContainerClient container, DateTimeOffset now)
    {
        private readonly Dictionary<DateOnly, DayEntry?> _roots = [];

        public DateOnly Today { get; } = DateOnly.FromDateTime(now.UtcDateTime);

        public async Task<DayEntry?> RootAsync(DateOnly day, CancellationToken cancellationToken)
        {
            if (_roots.TryGetValue(day, out var entry))
            {
                return entry;
            }
            DayEntry? read = null;
            try
            {
                var content = await container.GetBlobClient(DayRoot.RootBlobName(day)).DownloadContentAsync(cancellationToken);
                var root = DayRoot.Parse(content.Value.Content.ToMemory().Span);
                var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (var i = 0; i < root.Leaves.Count; i++)
                {
                    (index.TryGetValue(root.Leaves[i].Id, out var list) ? list : index[root.Leaves[i].Id] = []).Add(i);
                }
                read = new DayEntry(root, root.Leaves.Select(l => Convert.FromHexString(l.Leaf)).ToList(), index);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            return _roots[day] = read;
        }

        public async Task<byte[]?> TokenAsync(DateOnly day, CancellationToken cancellationToken)
        {
            try
            {
                var content = await container.GetBlobClient(DayRoot.TimestampBlobName(day)).DownloadContentAsync(cancellationToken);
                return content.Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }
    }
}
