namespace ConsentFunctions.Core.Retention;

/// <summary>Durations of RULES.md section 5; configurable, these defaults are the CNIL's.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>A prospect's data: after collection or the last contact the prospect initiated.</summary>
    public int ProspectYears { get; set; } = 3;

    /// <summary>A customer's data: after the end of the commercial relationship.</summary>
    public int CustomerYears { get; set; } = 3;

    /// <summary>Proof of a withdrawn or expired consent, archived (French civil limitation period).</summary>
    public int ProofYears { get; set; } = 5;

    /// <summary>
    /// A suppression entry, after the objection: 0 (the default) keeps it for good; any other value
    /// must be at least 3, the CNIL's minimum (checked at start-up).
    /// </summary>
    public int SuppressionYears { get; set; }

    /// <summary>Decision records (the evidence of why a person was contacted).</summary>
    public int DecisionYears { get; set; } = 3;

    /// <summary>How long the timer's sweep may run before it stops and leaves the rest to the next run.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(8);

    /// <summary>The same for POST /api/retention/run, which must answer within an HTTP timeout.</summary>
    public TimeSpan HttpTimeBudget { get; set; } = TimeSpan.FromMinutes(3);
}
