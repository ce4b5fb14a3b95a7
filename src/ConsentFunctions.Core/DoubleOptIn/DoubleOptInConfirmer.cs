using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Core.DoubleOptIn;

public enum ConfirmationState
{
    /// <summary>Boxes await the confirmation: the page offers the button.</summary>
    Pending,
    /// <summary>Confirmed (now or before): the same page every time.</summary>
    Confirmed,
    /// <summary>The boxes' time to be confirmed has passed: nothing can change.</summary>
    Expired,
    /// <summary>Nothing of the receipt is held (erased, or swept once expired).</summary>
    NotFound,
}

/// <summary>What a confirmation link leads to: its state, and the channel and purpose of each box concerned.</summary>
public sealed record ConfirmationView(ConfirmationState State, IReadOnlyList<(string Channel, string Purpose)> Boxes, DateTimeOffset? ConfirmedAt = null);

/// <summary>
/// The confirmation of a double opt-in (RULES.md section 2). Showing reads only. Confirming is one
/// transaction in the person's partition, conditional on each pending fact row's ETag: the rows
/// become given, dated at the confirmation (ConfirmedAt; their RecordedAt stays the collection),
/// the receipt row gets the confirmation beside its proof, and the outbox row of the
/// fr.consent.confirmation events is added. Confirming twice, or two clicks at once, makes one act.
/// </summary>
public sealed partial class DoubleOptInConfirmer(ConsentTables tables, EventOutbox outbox, TimeProvider time, ILogger<DoubleOptInConfirmer> logger)
{
    private static readonly string[] Columns =
        ["PartitionKey", "RowKey", "ReceiptId", "FormId", "Channel", "Purpose", "Status", "ConfirmBy", "ConfirmedAt", "RecordedVia"];

    public async Task<ConfirmationView> ShowAsync(string subjectKey, string receiptId, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableNames.Subjects);
        var (_, consents, _) = await ReadAsync(table, subjectKey, receiptId, ct);
        return View(consents, time.GetUtcNow());
    }

    public async Task<ConfirmationView> ConfirmAsync(string subjectKey, string receiptId, CaptureContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var table = await tables.GetAsync(TableNames.Subjects);
        var (receipt, consents, linked) = await ReadAsync(table, subjectKey, receiptId, ct);
        var now = Timestamps.ToMilliseconds(time.GetUtcNow());
        var view = View(consents, now);
        if (view.State != ConfirmationState.Pending || receipt is null)
        {
            if (view.State == ConfirmationState.Confirmed)
            {
                await CopyToLinkedAsync(table, linked, consents.Where(c => c.GetDateTimeOffset("ConfirmedAt") is not null).ToList(), ct);
            }
            return view;
        }
        var pending = consents.Where(c => IsPending(c, now)).ToList();
        var confirmation = new ReceiptConfirmation(now, pending.Select(IndexOf).Order().ToList(), context);
        var actions = pending.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(subjectKey, c.RowKey)
        {
            ["Status"] = ConsentValidityResult.Given,
            ["Reason"] = null,
            ["ConfirmedAt"] = now,
        }, c.ETag)).ToList();
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(subjectKey, receipt.RowKey)
        {
            [ReceiptConfirmation.Column] = confirmation.ToJson(),
        }, receipt.ETag));
        ReceiptIds.TryParse(receiptId, out var ulid, out _);
        var events = pending.Select(c => new PendingEvent(EventIds.ForBox(receiptId, IndexOf(c)) + "-confirmed", ConsentEventTypes.Confirmation, now,
            c.GetString("Channel"), c.GetString("Purpose"), receiptId, receipt.GetString("FormId"))).ToList();
        var relay = EventOutbox.Row(subjectKey, ulid + "-confirmed", events, now);
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, relay));
        try
        {
            await table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            // Another click confirmed (or the sweep removed) these rows first: answer what stands now.
            LogRaced(logger, receiptId);
            return await ShowAsync(subjectKey, receiptId, ct);
        }
        LogConfirmed(logger, receiptId, pending.Count);
        var confirmedRows = pending.Select(c => { c["Status"] = ConsentValidityResult.Given; c["ConfirmedAt"] = now; return c; }).ToList();
        await CopyToLinkedAsync(table, linked, confirmedRows, ct);
        await outbox.NotifyAsync(subjectKey, relay.RowKey, ct);
        return new ConfirmationView(ConfirmationState.Confirmed, Boxes(pending), now);
    }

    /// <summary>
    /// The person's other identifier (a phone given with the email) holds copies of the fact rows;
    /// they follow, idempotently, so that a second click finishes what a failure left.
    /// </summary>
    private static async Task CopyToLinkedAsync(TableClient table, IReadOnlyList<string> linked, IReadOnlyList<TableEntity> confirmed, CancellationToken ct)
    {
        foreach (var key in linked)
        {
            foreach (var row in confirmed)
            {
                try
                {
                    await table.UpdateEntityAsync(new TableEntity(key, row.RowKey)
                    {
                        ["Status"] = ConsentValidityResult.Given,
                        ["Reason"] = null,
                        ["ConfirmedAt"] = row.GetDateTimeOffset("ConfirmedAt"),
                    }, ETag.All, TableUpdateMode.Merge, ct);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // That identifier does not hold this receipt's rows.
                }
            }
        }
    }

    private static async Task<(TableEntity? Receipt, List<TableEntity> Consents, List<string> Linked)> ReadAsync(TableClient table, string subjectKey, string receiptId, CancellationToken ct)
    {
        ReceiptIds.TryParse(receiptId, out var ulid, out _);
        var receiptRowKey = SubjectPartition.ReceiptRowKey(ulid);
        TableEntity? receipt = null;
        var consents = new List<TableEntity>();
        var linked = new List<string>();
        var filter = SubjectPartition.ReceiptWithConsentsAndLinksFilter(subjectKey, receiptId, ulid);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: ct))
        {
            if (row.RowKey == receiptRowKey)
            {
                receipt = row;
            }
            else if (SubjectPartition.IsLink(row))
            {
                linked.Add(row.RowKey[SubjectPartition.LinkPrefix.Length..]);
            }
            else if (SubjectPartition.IsConsent(row))
            {
                consents.Add(row);
            }
        }
        return (receipt, consents, linked);
    }

    private static ConfirmationView View(List<TableEntity> consents, DateTimeOffset now)
    {
        var confirmed = consents.Where(c => c.GetDateTimeOffset("ConfirmedAt") is not null).ToList();
        var pending = consents.Where(c => IsPending(c, now)).ToList();
        if (pending.Count > 0)
        {
            return new ConfirmationView(ConfirmationState.Pending, Boxes(pending));
        }
        if (confirmed.Count > 0)
        {
            return new ConfirmationView(ConfirmationState.Confirmed, Boxes(confirmed), confirmed.Max(c => c.GetDateTimeOffset("ConfirmedAt")));
        }
        return new ConfirmationView(consents.Any(c => c.GetString("Status") == ConsentValidityResult.Pending) ? ConfirmationState.Expired : ConfirmationState.NotFound, []);
    }

    private static bool IsPending(TableEntity row, DateTimeOffset now)
        => row.GetString("Status") == ConsentValidityResult.Pending && (row.GetDateTimeOffset("ConfirmBy") is not { } by || now < by);

    private static List<(string, string)> Boxes(IEnumerable<TableEntity> rows)
        => rows.OrderBy(IndexOf).Select(r => (r.GetString("Channel"), r.GetString("Purpose"))).ToList();

    // consent|{channel}|{purpose}|{ulid}|{index}
    private static int IndexOf(TableEntity row) => int.Parse(row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {ReceiptId}: {BoxCount} consents confirmed by the address's owner")]
    private static partial void LogConfirmed(ILogger logger, string receiptId, int boxCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {ReceiptId}: confirmed concurrently; answered the state that stands")]
    private static partial void LogRaced(ILogger logger, string receiptId);
}
