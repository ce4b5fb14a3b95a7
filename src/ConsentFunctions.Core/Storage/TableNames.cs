namespace ConsentFunctions.Core.Storage;

/// <summary>Every table the app uses. Names are alphanumeric (a Table Storage rule).</summary>
public static class TableNames
{
    /// <summary>One partition per person (keyed hash): profile, receipts, consent facts.</summary>
    public const string Subjects = "Subjects";

    /// <summary>Idempotency records of submissions that carried a submission id.</summary>
    public const string Submissions = "Submissions";

    /// <summary>Registered notice versions: immutable wording.</summary>
    public const string Notices = "Notices";

    /// <summary>The breach register (art. 33(5)): one partition, see BreachStore.</summary>
    public const string Breaches = "Breaches";

    public static readonly IReadOnlyList<string> All = [Subjects, Submissions, Notices, Breaches];
}
