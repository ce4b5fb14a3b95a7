using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Capture;

public enum CaptureOutcome
{
    /// <summary>A new receipt: 201.</summary>
    Created,
    /// <summary>The same submission id and body again: 200 with the first receipt.</summary>
    Replayed,
    /// <summary>The same submission id with another body: 409, nothing written.</summary>
    Conflict,
}

public sealed record CaptureResult(CaptureOutcome Outcome, CaptureResponse? Response);

/// <summary>
/// Records one form submission. Everything the person's submission needs is one transaction in
/// their partition (the receipt, a fact row per box, the profile, the link to a second identifier
/// with the objections it must inherit, the submission id's idempotency record, and the outbox row
/// of its consent events), so a success means all of it is durable and a failure means none of it.
/// The retention index entries that will delete it travel in that outbox row (even a receipt with
/// no event has one), and the relay of its events writes them (<see cref="DeferredSchedule"/>): a
/// capture is two storage round trips, the transaction and the queue message.
/// </summary>
public sealed partial class ConsentCapture(
    ConsentTables tables,
    ConsentResolver resolver,
    SubjectKeyHasher hasher,
    SubjectFactsReader reader,
    EventOutbox outbox,
    IOptions<RetentionOptions> retention,
    IOptions<RulesOptions> rules,
    IOptions<DoubleOptInOptions> doubleOptIn,
    TimeProvider time,
    ILogger<ConsentCapture> logger)
{
    // A table transaction holds at most 100 actions.
    private const int MaxTransactionActions = 100;

    public async Task<CaptureResult> CaptureAsync(Submission submission, CaptureContext context, string recordedVia, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var keyed = submission.Subject.KeyedByEmail
            ? new Identifier("email", submission.Subject.Email!)
            : new Identifier("phone", submission.Subject.Phone!);
        var subjectKey = reader.KeyOf(keyed);
        var recordedAt = Timestamps.ToMilliseconds(time.GetUtcNow());

        // A preferences form may show a box ticked only where a valid consent stands behind it.
        var facts = submission.Form.Kind == FormKinds.Preferences
            ? await reader.ReadAsync(keyed, cancellationToken)
            : null;
        var controllers = rules.Value.ControllerNameList();
        var minor = submission.Subject.Under15 == true && submission.Subject.ParentalConsent != true;
        var consents = await resolver.ResolveAsync(submission.Consents, claim => new BoxContext(
            submission.Form.Kind ?? FormKinds.Collection, minor, submission.Source.Kind == "partner", controllers,
            facts is not null && PersonActs.StandingConsent(facts, claim.Channel, claim.Purpose, recordedAt) is not null), cancellationToken);
        if (recordedVia == RecordedVia.Public)
        {
            // Double opt-in: on these channels a consent posted anonymously counts once the address's owner confirms it.
            var channels = doubleOptIn.Value.ChannelSet();
            consents = consents.Select(c => c.Status == ConsentValidityResult.Given && channels.Contains(c.Channel)
                ? c with { Status = ConsentValidityResult.Pending, Reason = PendingReasons.DoubleOptIn }
                : c).ToList();
        }

        var receiptId = ReceiptIds.New(recordedAt, subjectKey);
        var document = new ReceiptDocument(receiptId, submission.SubmissionId, recordedAt, submission.Subject, submission.Audience, submission.Form,
            submission.Source, consents, context, recordedVia);
        var submissionRow = submission.SubmissionId is null
            ? null
            : SubjectPartition.Submission(subjectKey, hasher.ForValue("submission", submission.SubmissionId), BodyHash(submission), receiptId, recordedAt);

        var table = await tables.GetAsync(TableNames.Subjects);
        var stored = await WriteAsync(table, subjectKey, document, submissionRow, cancellationToken);
        if (stored.Outcome == CaptureOutcome.Created)
        {
            LogRecorded(logger, receiptId, consents.Count);
        }
        return stored;
    }

    private async Task<CaptureResult> WriteAsync(TableClient table, string subjectKey, ReceiptDocument document, TableEntity? submissionRow, CancellationToken cancellationToken)
    {
        var phoneKey = document.Subject.Email is not null && document.Subject.Phone is not null ? hasher.ForPhone(document.Subject.Phone) : null;

        // The retention index entries. Imports are dated by when the person acted on the partner's form.
        DueEntry[] due = phoneKey is null
            ? [new(DueKinds.Subject, subjectKey)]
            : [new(DueKinds.Subject, subjectKey), new(DueKinds.Subject, phoneKey)];
        var clockStart = document.Source.CollectedAt ?? document.RecordedAt;
        var schedule = new DeferredSchedule(clockStart.AddYears(retention.Value.ProspectYears), due);
        ReceiptIds.TryParse(document.ReceiptId, out var ulid, out _);
        // They travel in the outbox row, inside the person's transaction; the relay writes them.
        var relay = RelayRow(subjectKey, ulid, document);
        schedule.WriteTo(relay);

        // Two identifiers are one person: each partition inherits the other's objections, with the
        // link, so decisions still read one partition per identifier (RULES.md section 4).
        var (toKeyed, toPhone) = phoneKey is null ? ([], []) : await InheritedSuppressionsAsync(table, subjectKey, phoneKey, cancellationToken);

        var actions = SubjectPartition.SubmissionRows(subjectKey, ulid, document, linkedKey: phoneKey, confirmBy: ConfirmBy(document));
        if (submissionRow is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, submissionRow));
        }
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, relay));
        try
        {
            await SubmitAsync(table, actions, toKeyed, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.ErrorCode == "EntityAlreadyExists" && submissionRow is not null)
        {
            return await ReplayAsync(table, submissionRow, phoneKey, cancellationToken);
        }
        if (phoneKey is not null)
        {
            // Second identifier: a second partition, so a second transaction after the first. A
            // retry with the submission id finishes it; no 2xx is sent before both are stored.
            await SubmitOnceAsync(table, SubjectPartition.SubmissionRows(phoneKey, ulid, document, includeReceipt: false, linkedKey: subjectKey, confirmBy: ConfirmBy(document)), toPhone, cancellationToken);
        }
        await outbox.NotifyAsync(subjectKey, relay.RowKey, cancellationToken);
        return new CaptureResult(CaptureOutcome.Created, Response(document));
    }

    /// <summary>
    /// The submission id was recorded before (in this person's partition): the same body gets the
    /// first receipt again, after finishing whatever the first attempt may not have written.
    /// </summary>
    private async Task<CaptureResult> ReplayAsync(TableClient table, TableEntity submissionRow, string? phoneKey, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(submissionRow.PartitionKey, submissionRow.RowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue || existing.Value is null)
        {
            throw new InvalidOperationException("A submission's rows collided with rows that are not a submission record; the client retries.");
        }
        if (existing.Value.GetString("BodySha256") != submissionRow.GetString("BodySha256"))
        {
            LogConflict(logger, existing.Value.GetString("ReceiptId"));
            return new CaptureResult(CaptureOutcome.Conflict, null);
        }
        var receiptId = existing.Value.GetString("ReceiptId");
        ReceiptIds.TryParse(receiptId, out var ulid, out var subjectKey);
        var receipt = await table.GetEntityAsync<TableEntity>(subjectKey, SubjectPartition.ReceiptRowKey(ulid), cancellationToken: cancellationToken);
        var document = JsonSerializer.Deserialize<ReceiptDocument>(TextChunks.Read(receipt.Value, "Proof")!, JsonDefaults.Options)!;
        if (phoneKey is not null)
        {
            var (_, toPhone) = await InheritedSuppressionsAsync(table, subjectKey, phoneKey, cancellationToken);
            await SubmitOnceAsync(table, SubjectPartition.SubmissionRows(phoneKey, ulid, document, includeReceipt: false, linkedKey: subjectKey, confirmBy: ConfirmBy(document)), toPhone, cancellationToken);
        }
        LogReplayed(logger, receiptId);
        return new CaptureResult(CaptureOutcome.Replayed, Response(document));
    }

    /// <summary>The suppression rows each partition lacks of the other's (or holds with an older date).</summary>
    private static async Task<(List<TableEntity> ToFirst, List<TableEntity> ToSecond)> InheritedSuppressionsAsync(TableClient table, string first, string second, CancellationToken ct)
    {
        var reads = await Task.WhenAll(ReadSuppressionsAsync(table, first, ct), ReadSuppressionsAsync(table, second, ct));
        return (Missing(reads[1], reads[0], first), Missing(reads[0], reads[1], second));
    }

    private static List<TableEntity> Missing(List<TableEntity> from, List<TableEntity> held, string toKey)
    {
        var dates = held.ToDictionary(r => r.RowKey, r => r.GetDateTimeOffset("At"), StringComparer.Ordinal);
        return from.Where(r => !dates.TryGetValue(r.RowKey, out var at) || at < r.GetDateTimeOffset("At"))
            .Select(r => SubjectPartition.CopySuppression(r, toKey)).ToList();
    }

    private static async Task<List<TableEntity>> ReadSuppressionsAsync(TableClient table, string subjectKey, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(SubjectPartition.SuppressionsFilter(subjectKey), select: ["RowKey", "Kind", "Channel", "Purpose", "At"], cancellationToken: ct))
        {
            rows.Add(row);
        }
        return rows;
    }

    // The inherited objections join the transaction; the rare overflow beyond its 100 actions is
    // written first (each copy is idempotent), so the link is never stored without them.
    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions, List<TableEntity> suppressions, CancellationToken ct)
    {
        var room = MaxTransactionActions - actions.Count;
        foreach (var overflow in suppressions.Skip(room))
        {
            await table.UpsertEntityAsync(overflow, TableUpdateMode.Replace, ct);
        }
        actions.AddRange(suppressions.Take(room).Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, s)));
        await table.SubmitTransactionAsync(actions, ct);
    }

    private static async Task SubmitOnceAsync(TableClient table, List<TableTransactionAction> actions, List<TableEntity> suppressions, CancellationToken ct)
    {
        try
        {
            await SubmitAsync(table, actions, suppressions, ct);
        }
        catch (TableTransactionFailedException e) when (e.ErrorCode == "EntityAlreadyExists")
        {
            // These rows of this submission are already stored (an earlier or concurrent attempt).
        }
    }

    /// <summary>
    /// The outbox row of the receipt's events: one per box that was an act (given, refused,
    /// withdrawn), dated when the person acted. A pending box is no act yet and has none. A public
    /// receipt's consents (given or pending) also go to the relay's confirmation step, which emails
    /// the confirmation link of pending ones and finds the given ones that meet an earlier
    /// withdrawal (re-permission): this costs the capture no storage round trip. Every receipt has
    /// one, even with no act: it carries the retention index entries of the data.
    /// </summary>
    private TableEntity RelayRow(string subjectKey, string ulid, ReceiptDocument document)
    {
        var at = document.Source.CollectedAt ?? document.RecordedAt;
        var events = (from c in document.Consents
                      let type = ConsentEventTypes.OfStatus(c.Status)
                      where type is not null
                      select new PendingEvent(EventIds.ForBox(document.ReceiptId, c.Index), type, at, c.Channel, c.Purpose,
                          document.ReceiptId, document.Form.Id, document.Source.Partner)).ToList();
        var confirmable = document.RecordedVia == RecordedVia.Public
            ? document.Consents.Where(c => c.Status is ConsentValidityResult.Given or ConsentValidityResult.Pending)
                .Select(c => new ConfirmationBox(c.Index, c.Channel, c.Purpose, c.Wording)).ToList()
            : [];
        var row = EventOutbox.Row(subjectKey, ulid, events, time.GetUtcNow(), document.Subject.Email, document.Subject.Phone);
        if (confirmable.Count > 0)
        {
            new ConfirmationRequest(document.ReceiptId, ConfirmationRequest.LanguageOf(document.Form.Language), confirmable).WriteTo(row);
        }
        return row;
    }

    private DateTimeOffset ConfirmBy(ReceiptDocument document) => document.RecordedAt + doubleOptIn.Value.Expiry;

    private static CaptureResponse Response(ReceiptDocument document)
        => new(document.ReceiptId, document.RecordedAt,
            document.Consents.Select(c => new CaptureResponseConsent(c.Purpose, c.Channel, c.Status, c.Reason, c.WordingSha256, c.WordingMatchesNotice)).ToList());

    /// <summary>What "the same body" means: the normalised submission, whatever its encoding (JSON or form).</summary>
    internal static string BodyHash(Submission submission)
        => Hashing.Sha256Text.Hex(JsonSerializer.Serialize(submission with { SubmissionId = null }, JsonDefaults.Options));

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded receipt {ReceiptId} with {ConsentCount} consents")]
    private static partial void LogRecorded(ILogger logger, string receiptId, int consentCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed submission answered with receipt {ReceiptId}")]
    private static partial void LogReplayed(ILogger logger, string receiptId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission id reused with another body; first receipt {ReceiptId}")]
    private static partial void LogConflict(ILogger logger, string receiptId);
}
