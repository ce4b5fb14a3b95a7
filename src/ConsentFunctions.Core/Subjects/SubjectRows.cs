using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Json;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// The rows of a person's partition (table Subjects) other than receipts, and how they map to
/// facts. Row keys sort as: consent|, interaction|, profile, receipt|, suppression|.
/// </summary>
public static class SubjectRows
{
    public const string InteractionPrefix = "interaction|";
    public const string SuppressionPrefix = "suppression|";

    public static string InteractionRowKey(string kind, DateTimeOffset at)
        => $"{InteractionPrefix}{at.UtcTicks:D19}|{kind}";

    public static string SuppressionRowKey(string channel, string purpose, string eventId)
        => $"{SuppressionPrefix}{channel}|{purpose}|{eventId}";

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

    /// <summary>Everything but receipts (whose proofs are large and not needed to decide).</summary>
    public static string FactsFilter(string subjectKey)
        => TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey} and (RowKey lt {ReceiptEntities.ReceiptPrefix} or RowKey ge {SuppressionPrefix})");

    public static SubjectFacts ToFacts(Identifier identifier, IEnumerable<TableEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var consents = new List<ConsentFact>();
        var interactions = new List<InteractionFact>();
        var suppressions = new List<SuppressionFact>();
        foreach (var row in rows)
        {
            if (row.RowKey.StartsWith(ReceiptEntities.ConsentPrefix, StringComparison.Ordinal))
            {
                var partners = row.GetString("Partners");
                consents.Add(new ConsentFact(row.GetString("ReceiptId"), row.GetDateTimeOffset("RecordedAt") ?? default,
                    row.GetString("Channel"), row.GetString("Purpose"), row.GetString("Status"), row.GetString("Reason"),
                    partners is null ? null : JsonSerializer.Deserialize<List<string>>(partners, JsonDefaults.Options),
                    row.GetString("Audience") ?? "consumer", row.GetString("SourceKind") ?? "form", row.GetString("SourcePartner")));
            }
            else if (row.RowKey.StartsWith(InteractionPrefix, StringComparison.Ordinal))
            {
                interactions.Add(new InteractionFact(row.GetString("Kind"), row.GetDateTimeOffset("At") ?? default, row.GetBoolean("SimilarProducts") ?? false));
            }
            else if (row.RowKey.StartsWith(SuppressionPrefix, StringComparison.Ordinal))
            {
                suppressions.Add(new SuppressionFact(row.GetString("Kind"), row.GetString("Channel"), row.GetString("Purpose"), row.GetDateTimeOffset("At") ?? default));
            }
        }
        return new SubjectFacts(identifier, consents, interactions, suppressions);
    }

    internal static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
