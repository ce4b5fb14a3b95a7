using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>
/// The relay's confirmation step, for the outbox row of a public capture (it runs before the
/// row's events are logged, and the row is removed only after it): reads the person's facts, finds
/// the receipt's consents that await a confirmation (pending for double opt-in, or given but
/// meeting an earlier withdrawal or objection: re-permission, which it marks pending), schedules
/// their expiry in the retention index, and puts the confirmation email on queue
/// confirmation-emails. Every step is idempotent: a retried relay does them again, and the email
/// keeps its id. Returns the ids of the events held back: a pending consent is no act yet.
/// </summary>
public sealed partial class ConfirmationRelay(
    EmailOutbox emails,
    RetentionIndex index,
    ConfirmationLinkSigner links,
    IOptions<RulesOptions> rules,
    IOptions<DoubleOptInOptions> options,
    TimeProvider time,
    ILogger<ConfirmationRelay> logger)
{
    public async Task<IReadOnlySet<string>> PrepareAsync(TableClient subjects, TableEntity relayRow, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(relayRow);
        var request = ConfirmationRequest.ReadFrom(relayRow);
        if (request is null || !ReceiptIds.TryParse(request.ReceiptId, out var ulid, out _))
        {
            return new HashSet<string>();
        }
        var subjectKey = relayRow.PartitionKey;
        var rows = new List<TableEntity>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(SubjectPartition.FactsFilter(subjectKey), select: SubjectPartition.FactColumns, cancellationToken: ct))
        {
            rows.Add(row);
        }
        var facts = SubjectPartition.ToFacts(new Identifier("key", subjectKey), rows);
        var pending = new List<(ConfirmationBox Box, DateTimeOffset ConfirmBy, bool Mark)>();
        foreach (var box in request.Boxes)
        {
            var fact = facts.Consents.FirstOrDefault(c => c.ReceiptId == request.ReceiptId && c.Channel == box.Channel && c.Purpose == box.Purpose);
            if (fact is null || fact.ConfirmedAt is not null)
            {
                continue; // erased meanwhile, or confirmed already
            }
            var confirmBy = fact.ConfirmBy ?? fact.RecordedAt + options.Value.Expiry;
            if (fact.Status == ConsentValidityResult.Pending)
            {
                pending.Add((box, confirmBy, false));
            }
            else if (fact.Status == ConsentValidityResult.Given && fact.RecordedVia == RecordedVia.Public && !fact.FromPartner && PersonActs.IsHeldBack(facts, fact))
            {
                pending.Add((box, confirmBy, true));
            }
        }
        if (pending.Count == 0)
        {
            return new HashSet<string>();
        }

        // The expiry first: a pending consent is never stored without the entry that removes it unconfirmed.
        var linked = rows.Where(SubjectPartition.IsLink).Select(r => r.RowKey[SubjectPartition.LinkPrefix.Length..]).ToList();
        var expiresAt = pending.Min(p => p.ConfirmBy);
        await index.ScheduleAsync([new DueEntry(DueKinds.Confirmation, subjectKey), .. linked.Select(k => new DueEntry(DueKinds.Confirmation, k))], expiresAt, ct);
        foreach (var (box, confirmBy, _) in pending.Where(p => p.Mark))
        {
            foreach (var key in linked.Prepend(subjectKey))
            {
                await MarkPendingAsync(subjects, key, SubjectPartition.ConsentRowKey(box.Channel, box.Purpose, ulid, box.Index), confirmBy, ct);
            }
        }

        var email = relayRow.GetString("Email");
        var toEmail = pending.Where(p => DoubleOptInOptions.Confirmable.Contains(p.Box.Channel)).ToList();
        var now = time.GetUtcNow();
        if (email is not null && toEmail.Count > 0 && expiresAt > now)
        {
            if (!links.CanSign)
            {
                LogCannotSign(logger, request.ReceiptId);
            }
            else
            {
                var business = rules.Value.ControllerNameList().FirstOrDefault() ?? (request.Language == "fr" ? "notre service" : "our service");
                var link = links.Create(subjectKey, request.ReceiptId, request.Language, expiresAt - now);
                var message = ConfirmationEmail.Compose(request.ReceiptId, email, request.Language, business, toEmail.Select(p => p.Box.Wording).ToList(),
                    link, expiresAt, links.UnsubscribeUrl(subjectKey, toEmail[0].Box.Channel, toEmail[0].Box.Purpose, request.Language));
                await emails.EnqueueAsync(message, ct);
                LogQueued(logger, request.ReceiptId, toEmail.Count);
            }
        }
        return pending.Select(p => EventIds.ForBox(request.ReceiptId, p.Box.Index)).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task MarkPendingAsync(TableClient subjects, string subjectKey, string rowKey, DateTimeOffset confirmBy, CancellationToken ct)
    {
        var mark = new TableEntity(subjectKey, rowKey)
        {
            ["Status"] = ConsentValidityResult.Pending,
            ["Reason"] = PendingReasons.RePermission,
            ["ConfirmBy"] = confirmBy,
        };
        try
        {
            await subjects.UpdateEntityAsync(mark, ETag.All, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Not in this partition (a link to another identifier's receipts), or erased meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued the confirmation email of receipt {ReceiptId} for {BoxCount} consents")]
    private static partial void LogQueued(ILogger logger, string receiptId, int boxCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receipt {ReceiptId} awaits a confirmation, but no link signing key is configured (Unsubscribe:SigningKeys): no email was queued")]
    private static partial void LogCannotSign(ILogger logger, string receiptId);
}
