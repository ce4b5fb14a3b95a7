using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// The rows of one submission in the person's partition of table Subjects, written together in
/// one transaction: the receipt (the whole proof), one fact row per box (what decisions read,
/// by row-key range), and the profile (merged, latest wins).
/// </summary>
public static class ReceiptEntities
{
    public const string ProfileRowKey = "profile";
    public const string ReceiptPrefix = "receipt|";
    public const string ConsentPrefix = "consent|";

    public static string ReceiptRowKey(string ulid) => ReceiptPrefix + ulid;

    public static string ConsentRowKey(string channel, string purpose, string ulid, int index)
        => $"{ConsentPrefix}{channel}|{purpose}|{ulid}|{index:D2}";

    /// <summary>
    /// The rows of a submission in one partition. The receipt lives in the partition of the
    /// identifier the person is keyed by; a second identifier's partition (the phone, when an
    /// email was given too) gets the fact rows and the profile, so that decisions asked by
    /// phone see the boxes ticked on a form that also asked for an email.
    /// </summary>
    public static IReadOnlyList<TableTransactionAction> Build(string subjectKey, string ulid, ReceiptDocument receipt, bool includeReceipt = true, string? linkedKey = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var actions = new List<TableTransactionAction>(receipt.Consents.Count + 2);

        var proof = JsonSerializer.Serialize(receipt, JsonDefaults.Options);
        var receiptEntity = new TableEntity(subjectKey, ReceiptRowKey(ulid))
        {
            ["ReceiptId"] = receipt.ReceiptId,
            ["RecordedAt"] = receipt.RecordedAt,
            ["FormId"] = receipt.Form.Id,
            ["SourceKind"] = receipt.Source.Kind,
            ["Audience"] = receipt.Audience,
            ["ProofSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(proof))),
        };
        TextChunks.Write(receiptEntity, "Proof", proof);
        if (includeReceipt)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, receiptEntity));
        }

        foreach (var consent in receipt.Consents)
        {
            var fact = new TableEntity(subjectKey, ConsentRowKey(consent.Channel, consent.Purpose, ulid, consent.Index))
            {
                ["ReceiptId"] = receipt.ReceiptId,
                ["RecordedAt"] = receipt.RecordedAt,
                ["Purpose"] = consent.Purpose,
                ["Channel"] = consent.Channel,
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
            };
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, fact));
        }

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
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, profile));
        if (linkedKey is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, Subjects.SubjectLinks.Row(subjectKey, linkedKey)));
        }
        return actions;
    }

    private static void SetIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
