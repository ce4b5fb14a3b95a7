namespace ConsentFunctions.Core.Validation;

/// <summary>Shared rules for dates a caller sends.</summary>
public static class TimeRules
{
    /// <summary>How far ahead of the server's clock a caller's "now" may be before it counts as the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}
