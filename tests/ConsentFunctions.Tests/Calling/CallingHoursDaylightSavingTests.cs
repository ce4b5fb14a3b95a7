using ConsentFunctions.Core.Calling;
using static ConsentFunctions.Tests.Calling.CallingHoursTests;

namespace ConsentFunctions.Tests.Calling;

/// <summary>
/// Summer time: Europe/Paris changes on the last Sunday of March (02:00 → 03:00) and of October
/// (03:00 → 02:00), outside calling hours; made-up zones change inside them, to show the windows
/// follow local time when 10:00 does not exist or 12:30 is lived twice.
/// </summary>
public class CallingHoursDaylightSavingTests
{
    private static readonly TimeZoneInfo Paris = IanaTimeZones.Find("Europe/Paris");
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    [Fact]
    public void The_last_Sunday_of_March_in_Paris_skips_an_hour_and_the_Monday_opens_at_ten_summer_time()
    {
        Assert.True(Paris.IsInvalidTime(new DateTime(2026, 3, 29, 2, 30, 0)));
        var justBefore = new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero); // 01:59 winter
        var justAfter = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero); // 03:00 summer
        var monday = new DateTimeOffset(2026, 3, 30, 10, 0, 0, Summer); // 08:00 UTC
        AssertRefused(Check(justBefore, Paris), CallingReasons.OutsideCallingHours, monday);
        AssertRefused(Check(justAfter, Paris), CallingReasons.OutsideCallingHours, monday);
        // From Friday evening, winter time, across the change.
        AssertRefused(Check(new DateTimeOffset(2026, 3, 27, 20, 0, 0, Winter), Paris), CallingReasons.OutsideCallingHours, monday);
        AssertAllowed(Check(new DateTimeOffset(2026, 3, 27, 19, 59, 0, Winter), Paris));
        AssertAllowed(Check(monday, Paris));
        AssertRefused(Check(monday.AddTicks(-1), Paris), CallingReasons.OutsideCallingHours, monday);
    }

    [Fact]
    public void In_2027_the_change_falls_on_Easter_Sunday_and_the_next_call_is_on_Tuesday()
        => AssertRefused(Check(new DateTimeOffset(2027, 3, 27, 12, 0, 0, Winter), Paris), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 3, 30, 10, 0, 0, Summer));

    [Fact]
    public void The_last_Sunday_of_October_in_Paris_lives_an_hour_twice_and_the_Monday_opens_at_ten_winter_time()
    {
        Assert.True(Paris.IsAmbiguousTime(new DateTime(2026, 10, 25, 2, 30, 0)));
        var monday = new DateTimeOffset(2026, 10, 26, 10, 0, 0, Winter); // 09:00 UTC
        // 02:30 summer time, then 02:30 winter time an hour later.
        AssertRefused(Check(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), Paris), CallingReasons.OutsideCallingHours, monday);
        AssertRefused(Check(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), Paris), CallingReasons.OutsideCallingHours, monday);
        AssertRefused(Check(new DateTimeOffset(2026, 10, 23, 20, 0, 0, Summer), Paris), CallingReasons.OutsideCallingHours, monday);
        AssertRefused(Check(monday.AddTicks(-1), Paris), CallingReasons.OutsideCallingHours, monday);
        AssertAllowed(Check(monday, Paris));
    }

    [Fact]
    public void Thirty_days_are_elapsed_time_across_the_change_then_the_hours_apply()
    {
        // Four attempts at 10:00 summer time (08:00 UTC). The first is 30 days old at 08:00 UTC on
        // 5 November, 09:00 winter time, before the calling hours: the next call is at 10:00.
        DateTimeOffset[] attempts = [.. Enumerable.Range(6, 4).Select(d => new DateTimeOffset(2026, 10, d, 10, 0, 0, Summer))];
        AssertRefused(Check(new DateTimeOffset(2026, 10, 26, 11, 0, 0, Winter), Paris, attempts), CallingReasons.CallFrequency, new DateTimeOffset(2026, 11, 5, 10, 0, 0, Winter));
    }

    [Fact]
    public void Sixty_days_are_elapsed_time_across_the_change()
    {
        // Refused at 11:00 summer time; 60 × 24 h later it is 10:00 winter time, a Friday.
        var refusal = new DateTimeOffset(2026, 9, 7, 11, 0, 0, Summer);
        var next = new DateTimeOffset(2026, 11, 6, 10, 0, 0, Winter);
        AssertRefused(Check(new DateTimeOffset(2026, 11, 2, 11, 0, 0, Winter), Paris, refusals: [refusal]), CallingReasons.RefusedOnCall, next);
        AssertAllowed(Check(next, Paris, refusals: [refusal]));
    }

    /// <summary>UTC+1, summer time UTC+2 from Wednesday 10 March 2027 at <paramref name="springAt"/> to Wednesday 13 October 2027 at <paramref name="autumnAt"/> (summer time).</summary>
    internal static TimeZoneInfo MadeUpZone(string id, TimeSpan springAt, TimeSpan autumnAt)
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2027, 1, 1), new DateTime(2027, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1).Add(springAt), 3, 10),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1).Add(autumnAt), 10, 13));
        return TimeZoneInfo.CreateCustomTimeZone(id, Winter, id, id, id + " summer", [rule]);
    }

    private static readonly TimeZoneInfo Midday = MadeUpZone("Test/Midday", new TimeSpan(12, 30, 0), new TimeSpan(13, 30, 0));

    [Fact]
    public void When_the_clock_jumps_from_half_past_twelve_to_half_past_one_the_morning_window_ends_early()
    {
        var change = new DateTimeOffset(2027, 3, 10, 11, 30, 0, TimeSpan.Zero);
        Assert.Equal(Summer, Midday.GetUtcOffset(change));
        Assert.Equal(Winter, Midday.GetUtcOffset(change.AddTicks(-1)));
        AssertAllowed(Check(change.AddTicks(-1), Midday));
        AssertRefused(Check(change, Midday), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 3, 10, 14, 0, 0, Summer));
    }

    [Fact]
    public void When_the_clock_goes_back_from_half_past_one_to_half_past_twelve_the_morning_window_opens_again()
    {
        var change = new DateTimeOffset(2027, 10, 13, 11, 30, 0, TimeSpan.Zero);
        Assert.Equal(Winter, Midday.GetUtcOffset(change));
        Assert.Equal(Summer, Midday.GetUtcOffset(change.AddTicks(-1)));
        // 13:15 summer time: the lunch break; at the change it is 12:30 winter time, within the morning window.
        AssertRefused(Check(new DateTimeOffset(2027, 10, 13, 13, 15, 0, Summer), Midday), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 10, 13, 12, 30, 0, Winter));
        AssertAllowed(Check(change, Midday));
        AssertRefused(Check(new DateTimeOffset(2027, 10, 13, 13, 0, 0, Winter), Midday), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 10, 13, 14, 0, 0, Winter));
    }

    [Fact]
    public void A_change_of_offset_at_lunch_time_does_not_hide_that_mornings_window()
        // Found by the property test: the change at 12:30 was taken as the first candidate.
        => AssertRefused(Check(new DateTimeOffset(2027, 10, 12, 20, 5, 0, Summer), Midday), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 10, 13, 10, 0, 0, Summer));

    [Fact]
    public void When_ten_oclock_does_not_exist_the_window_opens_at_the_change()
    {
        var morning = MadeUpZone("Test/Morning", new TimeSpan(9, 30, 0), new TimeSpan(10, 30, 0));
        Assert.True(morning.IsInvalidTime(new DateTime(2027, 3, 10, 10, 0, 0)));
        AssertRefused(Check(new DateTimeOffset(2027, 3, 10, 9, 15, 0, Winter), morning), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 3, 10, 10, 30, 0, Summer));
        // In autumn 09:30–10:30 is lived twice: from 10:00, both passes are calling hours.
        Assert.True(morning.IsAmbiguousTime(new DateTime(2027, 10, 13, 10, 15, 0)));
        AssertAllowed(Check(new DateTimeOffset(2027, 10, 13, 10, 15, 0, Summer), morning));
        AssertAllowed(Check(new DateTimeOffset(2027, 10, 13, 10, 15, 0, Winter), morning));
        AssertRefused(Check(new DateTimeOffset(2027, 10, 13, 9, 59, 0, Summer), morning), CallingReasons.OutsideCallingHours, new DateTimeOffset(2027, 10, 13, 10, 0, 0, Summer));
    }
}
