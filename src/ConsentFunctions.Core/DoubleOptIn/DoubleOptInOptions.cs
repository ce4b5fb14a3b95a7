namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>
/// Double opt-in (RULES.md section 2): the channels on which a consent posted to the public route
/// counts only once the address's owner confirms it from their mailbox, and how long they have.
/// </summary>
public sealed class DoubleOptInOptions
{
    public const string Section = "DoubleOptIn";

    /// <summary>
    /// Comma-separated channels that need a confirmation; empty (the default) turns double opt-in
    /// off. Only <c>email</c> can be confirmed (the confirmation is an email). Re-permission after a
    /// withdrawal or objection needs a confirmation whatever this says.
    /// </summary>
    public string Channels { get; set; } = string.Empty;

    /// <summary>Days a pending consent waits for its confirmation; then it expires and the retention sweep removes it.</summary>
    public int ExpiryDays { get; set; } = 7;

    /// <summary>The channels that can be confirmed.</summary>
    public static readonly IReadOnlySet<string> Confirmable = new HashSet<string>(StringComparer.Ordinal) { "email" };

    public IReadOnlySet<string> ChannelSet()
        => Channels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    public TimeSpan Expiry => TimeSpan.FromDays(ExpiryDays);
}

/// <summary>Why a consent is pending (the <c>reason</c> of a box with status pending).</summary>
public static class PendingReasons
{
    /// <summary>Its channel is one of <c>DoubleOptIn:Channels</c>.</summary>
    public const string DoubleOptIn = "double-opt-in";

    /// <summary>It met an earlier withdrawal or objection it cannot lift (RULES.md rule 1).</summary>
    public const string RePermission = "re-permission";
}
