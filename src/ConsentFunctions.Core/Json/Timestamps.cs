namespace ConsentFunctions.Core.Json;

/// <summary>The precision of every time the app stores and answers.</summary>
public static class Timestamps
{
    /// <summary>
    /// <paramref name="value"/> in UTC, cut to the millisecond: the API writes times with
    /// milliseconds (<see cref="UtcTimestampConverter"/>), so a stored time equals what a caller
    /// reads back and sends again.
    /// </summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset value)
        => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond)).ToUniversalTime();
}
