namespace ConsentFunctions.Core.Storage;

/// <summary>Every table the app uses. Names are alphanumeric (a Table Storage rule).</summary>
public static class TableNames
{
    /// <summary>One partition per person (keyed hash): profile, receipts, consent facts.</summary>
    public const string Subjects = "Subjects";

    /// <summary>The evidence of every decision: partition per campaign (hashed), a row per 100 subjects.</summary>
    public const string DecisionRecords = "DecisionRecords";

    /// <summary>Registered notice versions: immutable wording.</summary>
    public const string Notices = "Notices";

    /// <summary>The breach register (art. 33(5)): one partition, see BreachStore.</summary>
    public const string Breaches = "Breaches";

    /// <summary>What falls due when: partition "{bucket}-{yyyyMMdd}", so the sweep reads only what is due.</summary>
    public const string RetentionIndex = "RetentionIndex";

    /// <summary>One summary per retention sweep (counts only, no personal data).</summary>
    public const string RetentionRuns = "RetentionRuns";

    /// <summary>Proofs of withdrawn or expired consents, kept Retention:ProofYears with restricted access.</summary>
    public const string Archive = "Archive";

    /// <summary>The consent event log: partition per day logged (yyyyMMdd), kept Events:RetentionDays for replay.</summary>
    public const string ConsentEvents = "ConsentEvents";

    public static readonly IReadOnlyList<string> All = [Subjects, DecisionRecords, Notices, Breaches, RetentionIndex, RetentionRuns, Archive, ConsentEvents];
}
