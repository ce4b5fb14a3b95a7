namespace ConsentFunctions.Core.Validation;

/// <summary>Shared rules for dates a caller sends.</summary>
public static class TimeRules
{
    /// <summary>How far ahead of the server's clock a caller's "now" may be before it counts as the future (a laptop's clock is rarely exact).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="value"/> is later than <paramref name="now"/> by more than <see cref="ClockSkew"/>.</summary>
    public static bool IsInFuture(DateTimeOffset value, DateTimeOffset now) => value > now + ClockSkew;
}
