using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
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
/// their partition, so a success means all of it is durable and a failure means none of it.
/// A submission id adds one idempotency row, written first: a retry after any failure finishes
/// the same receipt, and two concurrent posts of one id produce one receipt.
/// </summary>
public sealed partial class ConsentCapture(
    ConsentTables tables,
    ConsentResolver resolver,
    SubjectKeyHasher hasher,
    RetentionIndex retentionIndex,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<ConsentCapture> logger)
{
    public async Task<CaptureResult> CaptureAsync(Submission submission, CaptureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var consents = await resolver.ResolveAsync(submission.Consents, cancellationToken).ConfigureAwait(false);
        var subjectKey = submission.Subject.KeyedByEmail
            ? hasher.ForEmail(submission.Subject.Email!)
            : hasher.ForPhone(submission.Subject.Phone!);

        var recordedAt = TruncateToMilliseconds(time.GetUtcNow());
        var receiptId = ReceiptIds.New(recordedAt, subjectKey);

        if (submission.SubmissionId is null)
        {
            var fresh = Document(submission, consents, receiptId, recordedAt, context);
            await WriteAsync(subjectKey, fresh, cancellationToken).ConfigureAwait(false);
            LogRecorded(logger, receiptId, consents.Count, Logging.LogText.Safe(submission.Form.Id));
            return new CaptureResult(CaptureOutcome.Created, Response(fresh));
        }

        var bodySha = BodyHash(submission);
        var submissions = await tables.GetAsync(TableNames.Submissions).ConfigureAwait(false);
        var marker = new TableEntity(hasher.ForValue("submission", submission.SubmissionId), string.Empty)
        {
            ["BodySha256"] = bodySha,
            ["ReceiptId"] = receiptId,
            ["RecordedAt"] = recordedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            await submissions.AddEntityAsync(marker, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await ReplayAsync(submissions, marker, submission, consents, context, cancellationToken).ConfigureAwait(false);
        }

        var document = Document(submission, consents, receiptId, recordedAt, context);
        await WriteAsync(subjectKey, document, cancellationToken).ConfigureAwait(false);
        LogRecorded(logger, receiptId, consents.Count, Logging.LogText.Safe(submission.Form.Id));
        return new CaptureResult(CaptureOutcome.Created, Response(document));
    }

    private async Task<CaptureResult> ReplayAsync(TableClient submissions, TableEntity marker, Submission submission,
        IReadOnlyList<ConsentRecord> consents, CaptureContext context, CancellationToken cancellationToken)
    {
        var existing = (await submissions.GetEntityAsync<TableEntity>(marker.PartitionKey, marker.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (existing.GetString("BodySha256") != marker.GetString("BodySha256"))
        {
            LogConflict(logger, existing.GetString("ReceiptId"));
            return new CaptureResult(CaptureOutcome.Conflict, null);
        }
        var receiptId = existing.GetString("ReceiptId");
        var recordedAt = DateTimeOffset.Parse(existing.GetString("RecordedAt"), System.Globalization.CultureInfo.InvariantCulture);
        ReceiptIds.TryParse(receiptId, out _, out var subjectKey);
        var document = Document(submission, consents, receiptId, recordedAt, context);
        // The first attempt may have stopped between its two writes, or may still be writing:
        // finishing the same receipt is safe, because its rows can only be added once.
        await WriteAsync(subjectKey, document, cancellationToken).ConfigureAwait(false);
        LogReplayed(logger, receiptId);
        return new CaptureResult(CaptureOutcome.Replayed, Response(document));
    }

    private async Task WriteAsync(string subjectKey, ReceiptDocument document, CancellationToken cancellationToken)
    {
        ReceiptIds.TryParse(document.ReceiptId, out var ulid, out _);
        var phoneKey = document.Subject.Email is not null && document.Subject.Phone is not null ? hasher.ForPhone(document.Subject.Phone) : null;

        // The retention index first: data is never stored without the entry that will delete it.
        DueEntry[] due = phoneKey is null
            ? [new(DueKinds.Subject, subjectKey)]
            : [new(DueKinds.Subject, subjectKey), new(DueKinds.Subject, phoneKey)];
        await retentionIndex.ScheduleAsync(due, document.RecordedAt.AddYears(retention.Value.ProspectYears), cancellationToken).ConfigureAwait(false);

        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        await SubmitOnceAsync(table, ReceiptEntities.Build(subjectKey, ulid, document, linkedKey: phoneKey), cancellationToken).ConfigureAwait(false);
        if (phoneKey is not null)
        {
            // Second identifier: a second partition, so a second transaction after the first.
            // Both are idempotent, and no 2xx is sent before both are stored.
            await SubmitOnceAsync(table, ReceiptEntities.Build(phoneKey, ulid, document, includeReceipt: false, linkedKey: subjectKey), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SubmitOnceAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.ErrorCode == "EntityAlreadyExists")
        {
            // These rows of this submission are already stored (an earlier or concurrent attempt).
        }
    }

    private static ReceiptDocument Document(Submission submission, IReadOnlyList<ConsentRecord> consents, string receiptId, DateTimeOffset recordedAt, CaptureContext context)
        => new(receiptId, submission.SubmissionId, recordedAt, submission.Subject, submission.Audience, submission.Form,
            submission.Source, consents, context);

    private static CaptureResponse Response(ReceiptDocument document)
        => new(document.ReceiptId, document.RecordedAt,
            document.Consents.Select(c => new CaptureResponseConsent(c.Purpose, c.Channel, c.Status, c.Reason, c.WordingSha256, c.WordingMatchesNotice)).ToList());

    /// <summary>What "the same body" means: the normalised submission, whatever its encoding (JSON or form).</summary>
    internal static string BodyHash(Submission submission)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(submission with { SubmissionId = null }, JsonDefaults.Options))));

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value)
        => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond));

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded receipt {ReceiptId} with {ConsentCount} consents from form {FormId}")]
    private static partial void LogRecorded(ILogger logger, string receiptId, int consentCount, string formId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed submission answered with receipt {ReceiptId}")]
    private static partial void LogReplayed(ILogger logger, string receiptId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission id reused with another body; first receipt {ReceiptId}")]
    private static partial void LogConflict(ILogger logger, string receiptId);
}
