using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

/// <summary>What one run of the root job did: days rooted (in order), tokens stored, tokens still missing.</summary>
public sealed record DailyRootRun(IReadOnlyList<string> DaysRooted, int Timestamped, int TimestampsPending);

/// <summary>
/// The daily roots. Each run roots every finished day not rooted yet, oldest first, from the event
/// log (table ConsentEvents, one partition per day of logging): the day's acts, each with the
/// SHA-256 of its stored receipt, sorted by act id, become the leaves of an RFC 9162 tree whose root
/// is written once to blob "{day}/root.json" (If-None-Match: *: a racing run's write fails and the
/// first root stands). Then every root of the window without a token is sent to the timestamp
/// authority, so a day the authority was down is stamped by the next run. The cost of a day is
/// one query of its partition and one read per receipt it names: it grows with that day's acts only.
/// </summary>
public sealed partial class DailyRootSealer(
    ConsentTables tables,
    ProofRootContainer blobs,
    TimestampAuthority authority,
    IOptions<EventOptions> events,
    TimeProvider time,
    ILogger<DailyRootSealer> logger)
{
    private const int ReceiptReadsInParallel = 16;

    public async Task<DailyRootRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        // The oldest day whose partition the log's sweep cannot have started on: older days are gone
        // or going, and rooting what is left of them would prove a day with acts missing.
        var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-events.Value.RetentionDays + 1);
        var container = await blobs.ContainerAsync();
        var stored = await ListAsync(container, oldest, yesterday, cancellationToken);

        var first = yesterday;
        if (stored.Keys.Where(d => d >= oldest).DefaultIfEmpty(yesterday).Min() is var firstRoot && firstRoot < first)
        {
            first = firstRoot;
        }
        if (await FirstLoggedDayAsync(oldest, cancellationToken) is { } firstLogged && firstLogged < first)
        {
            first = firstLogged;
        }

        var rooted = new List<string>();
        for (var day = first; day <= yesterday; day = day.AddDays(1))
        {
            if (stored.TryGetValue(day, out var blobsOfDay) && blobsOfDay.Root)
            {
                continue;
            }
            await BuildAsync(container, day, cancellationToken);
            stored[day] = (true, false);
            rooted.Add(DayRoot.DayName(day));
        }

        var stamped = 0;
        var pending = 0;
        foreach (var (day, has) in stored.Where(s => s.Value.Root && !s.Value.Token).OrderBy(s => s.Key))
        {
            if (!authority.Configured)
            {
                pending++;
                continue;
            }
            if (await StampAsync(container, day, cancellationToken))
            {
                stamped++;
            }
            else
            {
                pending++;
            }
        }
        LogRun(logger, rooted.Count, stamped, pending);
        return new DailyRootRun(rooted, stamped, pending);
    }

    /// <summary>The leaves of a day in tree order, from the event log (also what the benchmark times).</summary>
    public async Task<IReadOnlyList<DayLeaf>> LeavesAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var log = await tables.GetAsync(TableNames.ConsentEvents);
        var partition = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var byId = new Dictionary<string, ConsentEvent>(StringComparer.Ordinal);
        await foreach (var row in log.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000, select: ["Event"], cancellationToken: cancellationToken))
        {
            var e = ConsentEvent.Parse(row.GetString("Event"));
            // A relay retried after its write logs the event twice: one act, one leaf.
            byId.TryAdd(e.Id, e);
        }

        var receipts = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(byId.Values.Select(e => e.Data.ReceiptId).OfType<string>().Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ReceiptReadsInParallel, CancellationToken = cancellationToken },
            async (receiptId, ct) => receipts[receiptId] = await ReceiptSha256Async(receiptId, ct));

        return byId.Values
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => new DayLeaf(e.Id, Convert.ToHexStringLower(ActOf(e, e.Data.ReceiptId is { } r ? receipts[r] : null).LeafHash())))
            .ToList();
    }

    public static ProofAct ActOf(ConsentEvent e, string? receiptSha256)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProofAct(e.Id, e.Type, e.Time, e.Subject, e.Data.Channel, e.Data.Purpose, e.Data.ReceiptId, receiptSha256);
    }

    /// <summary>SHA-256 of the receipt's stored document (its exact text), from the person's partition or the archive.</summary>
    public async Task<string?> ReceiptSha256Async(string receiptId, CancellationToken cancellationToken)
        => await ReceiptTextAsync(receiptId, cancellationToken) is { } text ? Sha256Hex(text) : null;

    public async Task<string?> ReceiptTextAsync(string receiptId, CancellationToken cancellationToken)
    {
        if (!ReceiptIds.TryParse(receiptId, out var ulid, out var subjectKey))
        {
            return null;
        }
        var subjects = await tables.GetAsync(TableNames.Subjects);
        var row = await subjects.GetEntityIfExistsAsync<TableEntity>(subjectKey, SubjectPartition.ReceiptRowKey(ulid), cancellationToken: cancellationToken);
        if (row.HasValue && row.Value is not null)
        {
            return TextChunks.Read(row.Value, "Proof");
        }
        var archive = await tables.GetAsync(TableNames.Archive);
        var archived = await archive.GetEntityIfExistsAsync<TableEntity>(subjectKey, ulid, cancellationToken: cancellationToken);
        return archived.HasValue && archived.Value is not null ? TextChunks.Read(archived.Value, "Proof") : null;
    }

    public static string Sha256Hex(string text) => Hashing.Sha256Text.Hex(text);

    private async Task BuildAsync(BlobContainerClient container, DateOnly day, CancellationToken cancellationToken)
    {
        var root = DayRoot.Build(day, await LeavesAsync(day, cancellationToken), time.GetUtcNow());
        try
        {
            await container.GetBlobClient(DayRoot.RootBlobName(day)).UploadAsync(BinaryData.FromBytes(root.ToBytes()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            LogRooted(logger, root.Day, root.LeafCount);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another run rooted the day first: its root stands, whatever this one computed.
            LogAlreadyRooted(logger, root.Day);
        }
    }

    private async Task<bool> StampAsync(BlobContainerClient container, DateOnly day, CancellationToken cancellationToken)
    {
        var content = await container.GetBlobClient(DayRoot.RootBlobName(day)).DownloadContentAsync(cancellationToken);
        var root = DayRoot.Parse(content.Value.Content.ToMemory().Span);
        byte[] token;
        try
        {
            token = await authority.StampAsync(root.StatementSha256(), cancellationToken);
        }
        catch (TimestampUnavailableException e)
        {
            LogStampFailed(logger, root.Day, e.Message);
            return false;
        }
        try
        {
            await container.GetBlobClient(DayRoot.TimestampBlobName(day)).UploadAsync(BinaryData.FromBytes(token),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/timestamp-reply" } },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A racing run stored its token first; either proves the same statement.
        }
        return true;
    }

    /// <summary>The roots and tokens stored for the days of the window: one listing per month it spans.</summary>
    private static async Task<Dictionary<DateOnly, (bool Root, bool Token)>> ListAsync(BlobContainerClient container, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var found = new Dictionary<DateOnly, (bool Root, bool Token)>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var prefix = month.ToString("yyyy-MM-", CultureInfo.InvariantCulture);
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash != 10 || !DateOnly.TryParseExact(blob.Name[..slash], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day < from || day > to)
                {
                    continue;
                }
                found.TryGetValue(day, out var has);
                found[day] = blob.Name.EndsWith("/root.json", StringComparison.Ordinal) ? (true, has.Token)
                    : blob.Name.EndsWith("/timestamp.tst", StringComparison.Ordinal) ? (has.Root, true) : has;
            }
        }
        return found;
    }

    /// <summary>The first day of the window the log holds events for, if any (one read: partitions sort by day).</summary>
    private async Task<DateOnly?> FirstLoggedDayAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var log = await tables.GetAsync(TableNames.ConsentEvents);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        await foreach (var row in log.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return DateOnly.ParseExact(row.PartitionKey, "yyyyMMdd", CultureInfo.InvariantCulture);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proof root of {Day} written over {LeafCount} acts")]
    private static partial void LogRooted(ILogger logger, string day, int leafCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proof root of {Day} was already written by another run")]
    private static partial void LogAlreadyRooted(ILogger logger, string day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proof root of {Day} not timestamped: {Reason}; the next run tries again")]
    private static partial void LogStampFailed(ILogger logger, string day, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proof roots: {Rooted} days rooted, {Stamped} timestamped, {Pending} without a timestamp")]
    private static partial void LogRun(ILogger logger, int rooted, int stamped, int pending);
}
