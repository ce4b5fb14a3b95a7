namespace ConsentFunctions.Core.Calling;

/// <summary>
/// The calling-hours decree's answer for one instant: allowed, or refused with the reason and
/// <see cref="NextAllowedAt"/>, the first instant at or after the question's <c>at</c> when every
/// condition holds (in the consumer's local offset).
/// </summary>
public sealed record CallingVerdict(bool Allowed, string? Reason, DateTimeOffset? NextAllowedAt)
{
    public static CallingVerdict Allow { get; } = new(true, null, null);

    public static CallingVerdict Refuse(string reason, DateTimeOffset nextAllowedAt) => new(false, reason, nextAllowedAt);
}

/// <summary>Refusal reasons of rule 17, as the API names them.</summary>
public static class CallingReasons
{
    /// <summary>Not Monday–Friday 10:00–13:00 or 14:00–20:00 local time, or a public holiday.</summary>
    public const string OutsideCallingHours = "outside-calling-hours";

    /// <summary>Four call attempts already recorded in the 30 days before the instant.</summary>
    public const string CallFrequency = "call-frequency";

    /// <summary>The consumer refused during a call less than 60 days before.</summary>
    public const string RefusedOnCall = "refused-on-call";
}
