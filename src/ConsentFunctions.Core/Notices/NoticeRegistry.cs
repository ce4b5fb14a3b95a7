using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Notices;

public enum NoticeRegistration
{
    Created,
    AlreadyRegistered,
    Conflict,
}

/// <summary>
/// Registered notice versions (table Notices: partition = notice id, row = version). A version
/// never changes once written, so reads are cached for the life of the process: a capture that
/// names a notice costs no extra storage round trip after the first.
/// </summary>
public sealed class NoticeRegistry(ConsentTables tables)
{
    private readonly ConcurrentDictionary<(string, string), Notice> _cache = new();

    public async Task<(NoticeRegistration Outcome, Notice Stored)> RegisterAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var table = await tables.GetAsync(TableNames.Notices);
        var entity = new TableEntity(notice.NoticeId, notice.Version)
        {
            ["Language"] = notice.Language,
            ["Purpose"] = notice.Purpose,
            ["Channel"] = notice.Channel,
            ["WordingSha256"] = notice.WordingSha256,
            ["RegisteredAt"] = notice.RegisteredAt,
        };
        TextChunks.Write(entity, "Wording", notice.Wording);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            _cache[(notice.NoticeId, notice.Version)] = notice;
            return (NoticeRegistration.Created, notice);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(notice.NoticeId, notice.Version, cancellationToken)
                ?? throw new InvalidOperationException("A notice version reported as existing could not be read.", e);
            var same = existing.WordingSha256 == notice.WordingSha256 && existing.Language == notice.Language
                && existing.Purpose == notice.Purpose && existing.Channel == notice.Channel;
            return (same ? NoticeRegistration.AlreadyRegistered : NoticeRegistration.Conflict, existing);
        }
    }

    /// <summary>
    /// Every registered version, read anew each time (a new version may have been registered since):
    /// the preference centre shows the latest of each purpose and channel. One query over the
    /// whole table, whose size is the number of notice versions a business writes by hand.
    /// </summary>
    public async Task<IReadOnlyList<Notice>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Notices);
        var notices = new List<Notice>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var notice = ToNotice(e.PartitionKey, e.RowKey, e);
            _cache[(notice.NoticeId, notice.Version)] = notice;
            notices.Add(notice);
        }
        return notices;
    }

    public async Task<Notice?> GetAsync(string noticeId, string version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((noticeId, version), out var cached))
        {
            return cached;
        }
        var table = await tables.GetAsync(TableNames.Notices);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(noticeId, version, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }
        var notice = ToNotice(noticeId, version, response.Value);
        _cache[(noticeId, version)] = notice;
        return notice;
    }

    private static Notice ToNotice(string noticeId, string version, TableEntity e)
        => new(noticeId, version, e.GetString("Language"), e.GetString("Purpose"), e.GetString("Channel"),
            TextChunks.Read(e, "Wording") ?? string.Empty, e.GetString("WordingSha256"), e.GetDateTimeOffset("RegisteredAt") ?? default);
}
