using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Decisions;

/// <summary>One decision as kept for evidence: who (keyed hash), the answer, and the question asked.</summary>
public sealed record DecisionRecord(
    string Subject,
    bool Allowed,
    int Rule,
    string? Basis,
    string? Reason,
    string? ReceiptId,
    string Channel,
    string Purpose,
    DateTimeOffset At,
    string? Audience,
    bool SimilarProducts,
    bool RelatedToProfession,
    string? Partner,
    string? Campaign,
    DateTimeOffset DecidedAt);

/// <summary>
/// Every answered decision is evidence (RULES.md section 3): table DecisionRecords, one partition
/// per campaign (a hash of its name), one row per 100 subjects of a batch, so a 1,000-subject call
/// costs one transaction. Each row also carries a boolean column named after each subject's key,
/// so the person's records are found by one filtered query. Rows are swept after
/// Retention:DecisionYears through one index entry per campaign and day.
/// </summary>
public sealed class DecisionRecordStore(ConsentTables tables, RetentionIndex index, IOptions<RetentionOptions> retention)
{
    private const int SubjectsPerRow = 100;

    // The index entry of a campaign and day is written once per process: later batches of the
    // same day need no second write (it is an idempotent upsert, and never removed before it is due).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _scheduled = new(StringComparer.Ordinal);
    private const string SubjectColumnPrefix = "s";

    public async Task WriteAsync(DecisionQuestion question, IReadOnlyList<(string SubjectKey, Decision Decision)> answers, DateTimeOffset decidedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return;
        }
        var partition = PartitionOf(question.Campaign);
        var day = decidedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var due = partition + "|" + day;
        if (!_scheduled.ContainsKey(due))
        {
            await index.ScheduleAsync([new DueEntry(DueKinds.DecisionRecords, due)], decidedAt.AddYears(retention.Value.DecisionYears).AddDays(1), ct);
            _scheduled[due] = true;
        }

        var batch = Guid.CreateVersion7(decidedAt).ToString("N");
        var rows = answers.DistinctBy(a => a.SubjectKey).Chunk(SubjectsPerRow).Select((chunk, i) =>
        {
            var row = new TableEntity(partition, $"{day}|{batch}|{i:D3}")
            {
                ["Campaign"] = question.Campaign,
                ["Channel"] = question.Channel,
                ["Purpose"] = question.Purpose,
                ["At"] = question.At,
                ["Audience"] = question.Audience,
                ["SimilarProducts"] = question.SimilarProducts,
                ["RelatedToProfession"] = question.RelatedToProfession,
                ["Partner"] = question.Partner,
                ["DecidedAt"] = decidedAt,
            };
            var answersJson = chunk.Select(a => new StoredAnswer(a.SubjectKey, a.Decision.Allowed, a.Decision.Rule, a.Decision.Basis, a.Decision.Reason, a.Decision.ReceiptId)).ToList();
            TextChunks.Write(row, "Answers", JsonSerializer.Serialize(answersJson, JsonDefaults.Options));
            foreach (var a in chunk)
            {
                row[ColumnOf(a.SubjectKey)] = true;
            }
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
        });
        var table = await tables.GetAsync(TableNames.DecisionRecords);
        foreach (var transaction in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(transaction, ct);
        }
    }

    public async Task<IReadOnlyList<DecisionRecord>> ByCampaignAsync(string? campaign, int max, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableNames.DecisionRecords);
        return await ReadAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(campaign)}"), _ => true, max, ct);
    }

    public async Task<IReadOnlyList<DecisionRecord>> BySubjectsAsync(IReadOnlyCollection<string> subjectKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subjectKeys);
        var table = await tables.GetAsync(TableNames.DecisionRecords);
        var records = new List<DecisionRecord>();
        foreach (var key in subjectKeys)
        {
            // A filter on a column is a scan of the table by the service; export is rare, decisions are many.
            records.AddRange(await ReadAsync(table, $"{ColumnOf(key)} eq true", a => a.Subject == key, int.MaxValue, ct));
        }
        return records;
    }

    /// <summary>Deletes the rows of one campaign and day (the sweep's work for a due entry).</summary>
    public async Task<int> DeleteDayAsync(string partitionAndDay, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(partitionAndDay);
        var bar = partitionAndDay.LastIndexOf('|');
        var (partition, day) = (partitionAndDay[..bar], partitionAndDay[(bar + 1)..]);
        var table = await tables.GetAsync(TableNames.DecisionRecords);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {day + "|"} and RowKey lt {day + "}"}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            rows.Add(row);
        }
        if (!dryRun)
        {
            await PartitionRows.DeleteAsync(table, rows, ct);
        }
        return rows.Count;
    }

    private static async Task<List<DecisionRecord>> ReadAsync(TableClient table, string filter, Func<StoredAnswer, bool> keep, int max, CancellationToken ct)
    {
        var records = new List<DecisionRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var answers = JsonSerializer.Deserialize<List<StoredAnswer>>(TextChunks.Read(row, "Answers") ?? "[]", JsonDefaults.Options) ?? [];
            foreach (var a in answers.Where(keep))
            {
                records.Add(new DecisionRecord(a.Subject, a.Allowed, a.Rule, a.Basis, a.Reason, a.ReceiptId,
                    row.GetString("Channel"), row.GetString("Purpose"), row.GetDateTimeOffset("At") ?? default, row.GetString("Audience"),
                    row.GetBoolean("SimilarProducts") ?? false, row.GetBoolean("RelatedToProfession") ?? false, row.GetString("Partner"),
                    row.GetString("Campaign"), row.GetDateTimeOffset("DecidedAt") ?? default));
                if (records.Count >= max)
                {
                    return records;
                }
            }
        }
        return records;
    }

    // Campaign names are the marketers' own words: hashed, they are always a valid key.
    private static string PartitionOf(string? campaign)
        => "c-" + Hashing.Sha256Text.Hex(campaign ?? string.Empty)[..32];

    // A subject key is 16 bytes in base64url; its hex form is a valid column name.
    private static string ColumnOf(string subjectKey)
    {
        var bytes = Base64Url.DecodeFromChars(subjectKey);
        return SubjectColumnPrefix + Convert.ToHexStringLower(bytes);
    }

    private sealed record StoredAnswer(string Subject, bool Allowed, int Rule, string? Basis, string? Reason, string? ReceiptId);
}
