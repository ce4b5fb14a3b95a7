using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// The one home of table Subjects' schema: a partition per identifier (its keyed hash), and in it
/// these row kinds, whose keys sort as listed, so that the facts a decision needs are one range:
/// <list type="bullet">
/// <item><c>consent|{channel}|{purpose}|{ulid}|{index}</c>: one box of a receipt (what decisions read);</item>
/// <item><c>interaction|{ticks}|{kind}</c>: a purchase, contact or relationship start/end;</item>
/// <item><c>link|{otherKey}</c>: another identifier of the same person;</item>
/// <item><c>profile</c>: the latest profile fields (merged);</item>
/// <item><c>receipt|{ulid}</c>: the whole proof of a submission (large; decisions never read it);</item>
/// <item><c>relay|{actId}</c>: the consent events of one act, written in the act's transaction and
/// removed once they are logged and queued for delivery (ConsentFunctions.Core.Events.EventOutbox);
/// "relay|" sorts after "receipt|" and before "submission|", so decisions never read it;</item>
/// <item><c>submission|{hash}</c>: the idempotency record of a submission id;</item>
/// <item><c>suppression|{channel}|{purpose}|{eventId}</c>: an unsubscribe or objection (outlives erasure).</item>
/// </list>
/// Capture, decisions, retention and the person's rights all read and write through here.
/// </summary>
public static class SubjectPartition
{
    public const string ConsentPrefix = "consent|";
    public const string InteractionPrefix = "interaction|";
    public const string LinkPrefix = "link|";
    public const string ProfileRowKey = "profile";
    public const string ReceiptPrefix = "receipt|";
    public const string RelayPrefix = "relay|";
    public const string SubmissionPrefix = "submission|";
    public const string SuppressionPrefix = "suppression|";

    // Every column the facts are read from (a projection keeps the receipts' proofs out).
    public static readonly string[] FactColumns =
        ["RowKey", "TimeZone", "ReceiptId", "RecordedAt", "CollectedAt", "RecordedVia", "Mode", "Checked", "Channel", "Purpose", "Status", "Reason",
         "Partners", "Audience", "SourceKind", "SourcePartner", "Kind", "At", "SimilarProducts", "ConfirmBy", "ConfirmedAt"];

    public static string ReceiptRowKey(string ulid) => ReceiptPrefix + ulid;

    public static string ConsentRowKey(string channel, string purpose, string ulid, int index)
        => $"{ConsentPrefix}{channel}|{purpose}|{ulid}|{index:D2}";

    public static string InteractionRowKey(string kind, DateTimeOffset at)
        => $"{InteractionPrefix}{at.UtcTicks:D19}|{kind}";

    public static string SuppressionRowKey(string channel, string purpose, string eventId)
        => $"{SuppressionPrefix}{channel}|{purpose}|{eventId}";

    public static string SubmissionRowKey(string submissionHash) => SubmissionPrefix + submissionHash;

    public static bool IsSuppression(TableEntity row) => Has(row, SuppressionPrefix);

    public static bool IsReceipt(TableEntity row) => Has(row, ReceiptPrefix);

    /// <summary>A pending outbox row of consent events: erasure and the retention sweep leave it for delivery to remove.</summary>
    public static bool IsRelay(TableEntity row) => Has(row, RelayPrefix);

    public static string RelayRowKey(string actId) => RelayPrefix + actId;

    public static bool IsProfile(TableEntity row) => row?.RowKey == ProfileRowKey;

    private static bool Has(TableEntity row, string prefix) => row?.RowKey.StartsWith(prefix, StringComparison.Ordinal) == true;

    /// <summary>The facts a decision needs: everything but receipts, pending events and submission records.</summary>
    public static string FactsFilter(string subjectKey)
        => TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey} and (RowKey lt {ReceiptPrefix} or RowKey ge {SuppressionPrefix})");

    /// <summary>The suppression rows of a partition.</summary>
    public static string SuppressionsFilter(string subjectKey)
        => TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey} and RowKey ge {SuppressionPrefix} and RowKey lt {"suppression}"}");

    public static TableEntity Interaction(string subjectKey, InteractionFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new TableEntity(subjectKey, InteractionRowKey(fact.Kind, fact.At))
        {
            ["Kind"] = fact.Kind,
            ["At"] = fact.At,
            ["SimilarProducts"] = fact.SimilarProducts,
        };
    }

    public static TableEntity Suppression(string subjectKey, SuppressionFact fact, string eventId)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new TableEntity(subjectKey, SuppressionRowKey(fact.Channel, fact.Purpose, eventId))
        {
            ["Kind"] = fact.Kind,
            ["Channel"] = fact.Channel,
            ["Purpose"] = fact.Purpose,
            ["At"] = fact.At,
        };
    }

    /// <summary>The same suppression row in another partition of the person (a linked identifier).</summary>
    public static TableEntity CopySuppression(TableEntity row, string toSubjectKey)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new TableEntity(toSubjectKey, row.RowKey)
        {
            ["Kind"] = row.GetString("Kind"),
            ["Channel"] = row.GetString("Channel"),
            ["Purpose"] = row.GetString("Purpose"),
            ["At"] = row.GetDateTimeOffset("At"),
        };
    }

    public static TableEntity Link(string subjectKey, string linkedKey) => new(subjectKey, LinkPrefix + linkedKey);

    /// <summary>The idempotency record of a submission id, written in the same transaction as its receipt.</summary>
    public static TableEntity Submission(string subjectKey, string submissionHash, string bodySha256, string receiptId, DateTimeOffset recordedAt)
        => new(subjectKey, SubmissionRowKey(submissionHash))
        {
            ["BodySha256"] = bodySha256,
            ["ReceiptId"] = receiptId,
            ["RecordedAt"] = recordedAt,
        };

    /// <summary>
    /// The rows of a submission in one partition, for one transaction. The receipt lives in the
    /// partition of the identifier the person is keyed by; a second identifier's partition (the
    /// phone, when an email was given too) gets the fact rows and the profile, so that decisions
    /// asked by phone see the boxes ticked on a form that also asked for an email.
    /// </summary>
    /// <param name="confirmBy">Until when the receipt's pending boxes may be confirmed (their fact rows keep it).</param>
    public static List<TableTransactionAction> SubmissionRows(string subjectKey, string ulid, ReceiptDocument receipt, bool includeReceipt = true, string? linkedKey = null,
        DateTimeOffset? confirmBy = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var actions = new List<TableTransactionAction>(receipt.Consents.Count + 3);
        if (includeReceipt)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Receipt(subjectKey, ulid, receipt)));
        }
        foreach (var consent in receipt.Consents)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ConsentRow(subjectKey, ulid, receipt, consent, confirmBy)));
        }
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, Profile(subjectKey, receipt)));
        if (linkedKey is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, Link(subjectKey, linkedKey)));
        }
        return actions;
    }

    private static TableEntity Receipt(string subjectKey, string ulid, ReceiptDocument receipt)
    {
        var proof = JsonSerializer.Serialize(receipt, JsonDefaults.Options);
        var entity = new TableEntity(subjectKey, ReceiptRowKey(ulid))
        {
            ["ReceiptId"] = receipt.ReceiptId,
            ["RecordedAt"] = receipt.RecordedAt,
            ["FormId"] = receipt.Form.Id,
            ["SourceKind"] = receipt.Source.Kind,
            ["Audience"] = receipt.Audience,
            ["ProofSha256"] = Hashing.Sha256Text.Hex(proof),
        };
        TextChunks.Write(entity, "Proof", proof);
        return entity;
    }

    // A pending box's row also carries ConfirmBy; rows of other boxes have no such column, as before double opt-in.
    private static TableEntity ConsentRow(string subjectKey, string ulid, ReceiptDocument receipt, ConsentRecord consent, DateTimeOffset? confirmBy)
        => new(subjectKey, ConsentRowKey(consent.Channel, consent.Purpose, ulid, consent.Index))
        {
            ["ReceiptId"] = receipt.ReceiptId,
            ["RecordedAt"] = receipt.RecordedAt,
            ["CollectedAt"] = receipt.Source.CollectedAt,
            ["RecordedVia"] = receipt.RecordedVia,
            ["Purpose"] = consent.Purpose,
            ["Channel"] = consent.Channel,
            ["Mode"] = consent.Mode,
            ["Status"] = consent.Status,
            ["Reason"] = consent.Reason,
            ["Checked"] = consent.Checked,
            ["CheckedByDefault"] = consent.CheckedByDefault,
            ["WordingSha256"] = consent.WordingSha256,
            ["NoticeId"] = consent.NoticeId,
            ["NoticeVersion"] = consent.NoticeVersion,
            ["Partners"] = consent.Partners is null ? null : JsonSerializer.Serialize(consent.Partners, JsonDefaults.Options),
            ["Audience"] = receipt.Audience,
            ["SourceKind"] = receipt.Source.Kind,
            ["SourcePartner"] = receipt.Source.Partner,
            ["ConfirmBy"] = consent.Status == ConsentValidityResult.Pending ? confirmBy : null,
        };

    /// <summary>
    /// A receipt's row and its consent rows in a partition, and the partition's links to the
    /// person's other identifiers: one query inside one partition, for confirmations.
    /// </summary>
    public static string ReceiptWithConsentsAndLinksFilter(string subjectKey, string receiptId, string ulid)
        => TableClient.CreateQueryFilter(
            $"PartitionKey eq {subjectKey} and ((RowKey ge {ConsentPrefix} and RowKey lt {"consent}"} and ReceiptId eq {receiptId}) or (RowKey ge {LinkPrefix} and RowKey lt {"link}"}) or RowKey eq {ReceiptRowKey(ulid)})");

    public static bool IsConsent(TableEntity row) => Has(row, ConsentPrefix);

    public static bool IsLink(TableEntity row) => Has(row, LinkPrefix);

    private static TableEntity Profile(string subjectKey, ReceiptDocument receipt)
    {
        var profile = new TableEntity(subjectKey, ProfileRowKey)
        {
            ["Audience"] = receipt.Audience,
            ["LastReceiptId"] = receipt.ReceiptId,
            ["LastRecordedAt"] = receipt.RecordedAt,
        };
        // Merge keeps what a later form did not ask for, so only the fields sent are written.
        SetIfPresent(profile, "Email", receipt.Subject.Email);
        SetIfPresent(profile, "Phone", receipt.Subject.Phone);
        SetIfPresent(profile, "FirstName", receipt.Subject.FirstName);
        SetIfPresent(profile, "LastName", receipt.Subject.LastName);
        SetIfPresent(profile, "CustomerId", receipt.Subject.CustomerId);
        SetIfPresent(profile, "TimeZone", receipt.Subject.TimeZone);
        return profile;
    }

    private static void SetIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    public static SubjectFacts ToFacts(Identifier identifier, IEnumerable<TableEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var consents = new List<ConsentFact>();
        var interactions = new List<InteractionFact>();
        var suppressions = new List<SuppressionFact>();
        string? timeZone = null;
        foreach (var row in rows)
        {
            if (IsProfile(row))
            {
                timeZone = row.GetString("TimeZone");
            }
            else if (Has(row, ConsentPrefix))
            {
                consents.Add(ToConsentFact(row));
            }
            else if (Has(row, InteractionPrefix))
            {
                interactions.Add(new InteractionFact(row.GetString("Kind"), row.GetDateTimeOffset("At") ?? default, row.GetBoolean("SimilarProducts") ?? false));
            }
            else if (Has(row, SuppressionPrefix))
            {
                suppressions.Add(ToSuppressionFact(row));
            }
        }
        return new SubjectFacts(identifier, consents, interactions, suppressions, timeZone);
    }

    public static SuppressionFact ToSuppressionFact(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new SuppressionFact(row.GetString("Kind"), row.GetString("Channel"), row.GetString("Purpose"), row.GetDateTimeOffset("At") ?? default);
    }

    public static ConsentFact ToConsentFact(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var partners = row.GetString("Partners");
        var mode = row.GetString("Mode");
        var status = row.GetString("Status");
        // Rows written before rules version 2 have no Mode: every box was an opt-in box on a
        // collection form, and an unticked one was stored "invalid" when it had been shown ticked.
        // Version 2 reads it as what it was: the person unticked it, a refusal (RULES.md section 2).
        if (mode is null && status == ConsentValidityResult.Invalid && row.GetBoolean("Checked") == false)
        {
            status = ConsentValidityResult.Refused;
        }
        return new ConsentFact(row.GetString("ReceiptId"), row.GetDateTimeOffset("RecordedAt") ?? default,
            row.GetString("Channel"), row.GetString("Purpose"), status, status == ConsentValidityResult.Refused ? null : row.GetString("Reason"),
            partners is null ? null : JsonSerializer.Deserialize<List<string>>(partners, JsonDefaults.Options),
            row.GetString("Audience") ?? "consumer", row.GetString("SourceKind") ?? "form", row.GetString("SourcePartner"),
            row.GetDateTimeOffset("CollectedAt"), row.GetString("RecordedVia") ?? RecordedVia.Public, mode ?? BoxModes.OptIn,
            row.GetDateTimeOffset("ConfirmBy"), row.GetDateTimeOffset("ConfirmedAt"));
    }

    internal static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
