using ConsentFunctions.Core.Calling;

namespace ConsentFunctions.Tests.Calling;

/// <summary>Rule 17, the calling-hours decree: hours, days, holidays, frequency and refusals (docs/RULES.md).</summary>
public class CallingHoursTests
{
    private static readonly TimeZoneInfo Paris = IanaTimeZones.Find("Europe/Paris");
    private static readonly TimeZoneInfo Martinique = IanaTimeZones.Find("America/Martinique");
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static DateTimeOffset ParisWinter(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, Winter);

    private static DateTimeOffset ParisSummer(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, Summer);

    internal static CallingVerdict Check(DateTimeOffset at, TimeZoneInfo? zone = null, DateTimeOffset[]? attempts = null, DateTimeOffset[]? refusals = null, HolidayCalendar? holidays = null)
        => CallingHours.Check(at, zone ?? Paris, holidays ?? HolidayCalendar.LabourCode, attempts ?? [], refusals ?? []);

    internal static void AssertRefused(CallingVerdict v, string reason, DateTimeOffset nextAllowedAt)
    {
        Assert.False(v.Allowed, "allowed");
        Assert.Equal(reason, v.Reason);
        Assert.NotNull(v.NextAllowedAt);
        // Same instant and the consumer's own offset.
        Assert.Equal(nextAllowedAt, v.NextAllowedAt.Value);
        Assert.Equal(nextAllowedAt.Offset, v.NextAllowedAt.Value.Offset);
    }

    internal static void AssertAllowed(CallingVerdict v)
    {
        Assert.True(v.Allowed, $"refused: {v.Reason}, next {v.NextAllowedAt:o}");
        Assert.Null(v.Reason);
        Assert.Null(v.NextAllowedAt);
    }

    [Fact]
    public void A_weekday_at_eleven_in_Paris_is_allowed()
        => AssertAllowed(Check(ParisWinter(2026, 12, 1, 11)));

    [Fact]
    public void Half_past_one_is_the_lunch_break_and_the_next_call_is_at_two()
        => AssertRefused(Check(ParisWinter(2026, 12, 1, 13, 30)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 1, 14));

    [Fact]
    public void Half_past_eight_in_the_evening_waits_for_ten_the_next_morning()
        => AssertRefused(Check(ParisWinter(2026, 12, 1, 20, 30)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 2, 10));

    [Fact]
    public void A_Sunday_waits_for_Monday_ten()
        => AssertRefused(Check(ParisWinter(2026, 12, 6, 15)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 7, 10));

    [Fact]
    public void Friday_evening_waits_for_Monday_ten()
        => AssertRefused(Check(ParisWinter(2026, 12, 4, 20)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 7, 10));

    [Fact]
    public void Christmas_on_a_Friday_waits_for_Monday_ten()
        => AssertRefused(Check(ParisWinter(2026, 12, 25, 11)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 28, 10));

    // Easter Monday and Ascension move every year: dates from the official calendars, not from the library under test.
    [Theory]
    [InlineData(2026, 4, 6)]
    [InlineData(2027, 3, 29)]
    [InlineData(2028, 4, 17)]
    [InlineData(2031, 4, 14)]
    [InlineData(2038, 4, 26)]
    public void Easter_Monday_waits_for_Tuesday_ten(int year, int month, int day)
        => AssertRefused(Check(ParisSummer(year, month, day, 11)), CallingReasons.OutsideCallingHours, ParisSummer(year, month, day + 1, 10));

    [Theory]
    [InlineData(2026, 5, 14)]
    [InlineData(2027, 5, 6)]
    [InlineData(2028, 5, 25)]
    [InlineData(2031, 5, 22)]
    [InlineData(2038, 6, 3)]
    public void Ascension_Thursday_waits_for_Friday_ten(int year, int month, int day)
        => AssertRefused(Check(ParisSummer(year, month, day, 11)), CallingReasons.OutsideCallingHours, ParisSummer(year, month, day + 1, 10));

    [Fact]
    public void The_bounds_are_ten_inclusive_one_exclusive_two_inclusive_eight_exclusive()
    {
        var tick = TimeSpan.FromTicks(1);
        AssertRefused(Check(ParisWinter(2026, 12, 1, 10) - tick), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 1, 10));
        AssertAllowed(Check(ParisWinter(2026, 12, 1, 10)));
        AssertAllowed(Check(ParisWinter(2026, 12, 1, 13) - tick));
        AssertRefused(Check(ParisWinter(2026, 12, 1, 13)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 1, 14));
        AssertAllowed(Check(ParisWinter(2026, 12, 1, 14)));
        AssertAllowed(Check(ParisWinter(2026, 12, 1, 20) - tick));
        AssertRefused(Check(ParisWinter(2026, 12, 1, 20)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 2, 10));
    }

    [Fact]
    public void The_question_may_come_in_any_offset_and_is_judged_in_the_consumers_zone()
    {
        // 10:30 UTC is 11:30 in Paris in winter.
        AssertAllowed(Check(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero)));
        // 12:30 UTC is 13:30 in Paris: the answer is given in Paris's offset.
        AssertRefused(Check(new DateTimeOffset(2026, 12, 1, 12, 30, 0, TimeSpan.Zero)), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 1, 14));
    }

    private static readonly DateTimeOffset[] FourAttempts =
    [
        ParisWinter(2026, 11, 2, 10), ParisWinter(2026, 11, 3, 10), ParisWinter(2026, 11, 4, 10), ParisWinter(2026, 11, 5, 10, 30),
    ];

    [Fact]
    public void Four_attempts_in_thirty_days_refuse_until_the_first_is_thirty_days_old_and_then_allow()
    {
        var at = ParisWinter(2026, 11, 24, 11);
        var next = ParisWinter(2026, 12, 2, 10); // 2 November 10:00 + 30 days, a Wednesday within hours
        AssertRefused(Check(at, attempts: FourAttempts), CallingReasons.CallFrequency, next);
        AssertAllowed(Check(next, attempts: FourAttempts));
        AssertRefused(Check(next.AddTicks(-1), attempts: FourAttempts), CallingReasons.CallFrequency, next);
    }

    [Fact]
    public void Three_attempts_in_thirty_days_allow_a_fourth()
        => AssertAllowed(Check(ParisWinter(2026, 11, 24, 11), attempts: FourAttempts[1..]));

    [Fact]
    public void An_attempt_exactly_thirty_days_old_no_longer_counts()
    {
        var at = ParisWinter(2026, 12, 2, 10);
        AssertAllowed(Check(at, attempts: [at.AddDays(-30), .. FourAttempts[1..]]));
        AssertRefused(Check(at, attempts: [at.AddDays(-30).AddTicks(1), .. FourAttempts[1..]]), CallingReasons.CallFrequency, at.AddTicks(1));
    }

    [Fact]
    public void An_attempt_recorded_at_the_very_instant_asked_counts()
    {
        var at = ParisWinter(2026, 11, 6, 11);
        AssertRefused(Check(at, attempts: [.. FourAttempts[..3], at]), CallingReasons.CallFrequency, ParisWinter(2026, 12, 2, 10));
    }

    [Fact]
    public void When_the_window_frees_at_night_the_next_call_is_at_the_next_calling_hour()
    {
        // Attempts on Friday evenings: the first turns 30 days old on a Sunday at 19:30.
        DateTimeOffset[] attempts = [ParisWinter(2026, 11, 6, 19, 30), ParisWinter(2026, 11, 9, 19, 30), ParisWinter(2026, 11, 10, 19, 30), ParisWinter(2026, 11, 11, 19, 30)];
        AssertRefused(Check(ParisWinter(2026, 12, 3, 11), attempts: attempts), CallingReasons.CallFrequency, ParisWinter(2026, 12, 7, 10));
    }

    [Fact]
    public void Future_attempts_do_not_count_now_but_do_for_the_next_allowed_instant()
    {
        // Three attempts, then a Sunday question: Monday 10:00 is the next calling hour, but a fourth
        // attempt was recorded then (a question about the past), so the next is when the first is 30 days old.
        DateTimeOffset[] attempts = [ParisWinter(2026, 11, 18, 10), ParisWinter(2026, 11, 19, 10), ParisWinter(2026, 11, 20, 10), ParisWinter(2026, 11, 23, 10)];
        AssertRefused(Check(ParisWinter(2026, 11, 22, 15), attempts: attempts), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 18, 10));
    }

    [Fact]
    public void Within_sixty_days_of_a_refusal_during_a_call_is_refused()
    {
        var refused = ParisWinter(2026, 12, 3, 11);
        var next = ParisWinter(2027, 2, 1, 11); // + 60 days, a Monday within hours
        AssertRefused(Check(ParisWinter(2027, 1, 15, 11), refusals: [refused]), CallingReasons.RefusedOnCall, next);
        AssertRefused(Check(refused, refusals: [refused]), CallingReasons.RefusedOnCall, next);
        AssertRefused(Check(next.AddTicks(-1), refusals: [refused]), CallingReasons.RefusedOnCall, next);
        AssertAllowed(Check(next, refusals: [refused]));
        // Just before the refusal, the call is allowed (the refusal is in its future).
        AssertAllowed(Check(refused.AddMinutes(-1), refusals: [refused]));
    }

    [Fact]
    public void A_wait_ending_on_a_Saturday_resumes_on_Monday_ten()
        => AssertRefused(Check(ParisWinter(2027, 1, 15, 11), refusals: [ParisWinter(2026, 12, 1, 11)]), CallingReasons.RefusedOnCall, ParisWinter(2027, 2, 1, 10));

    [Fact]
    public void Refusals_during_the_wait_extend_it()
    {
        var first = ParisWinter(2026, 12, 1, 11);
        var second = ParisWinter(2027, 1, 12, 11);
        AssertRefused(Check(ParisWinter(2027, 1, 20, 11), refusals: [first, second]), CallingReasons.RefusedOnCall, ParisWinter(2027, 3, 15, 10));
    }

    [Fact]
    public void A_refusal_outranks_the_frequency_which_outranks_the_hours()
    {
        var sunday = ParisWinter(2026, 11, 8, 15);
        var refusal = ParisWinter(2026, 11, 6, 11);
        var v = Check(sunday, attempts: FourAttempts, refusals: [refusal]);
        AssertRefused(v, CallingReasons.RefusedOnCall, ParisWinter(2027, 1, 5, 11));
        AssertRefused(Check(sunday, attempts: FourAttempts), CallingReasons.CallFrequency, ParisWinter(2026, 12, 2, 10));
    }

    [Fact]
    public void A_consumer_in_Martinique_is_judged_in_Martinique_hours()
    {
        // 09:30 UTC: 10:30 in Paris, 05:30 in Martinique (UTC-4, no summer time).
        var morning = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        AssertAllowed(Check(morning, Paris));
        AssertRefused(Check(morning, Martinique), CallingReasons.OutsideCallingHours, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(-4)));
        // 20:00 UTC: 21:00 in Paris, 16:00 in Martinique.
        var evening = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        AssertRefused(Check(evening, Paris), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 2, 10));
        AssertAllowed(Check(evening, Martinique));
    }

    [Fact]
    public void A_consumer_in_Martinique_is_not_called_on_the_abolition_of_slavery_day_there()
    {
        // 22 May 2026, a Friday; then the weekend and Whit Monday.
        AssertAllowed(Check(ParisSummer(2026, 5, 22, 11), Paris));
        var martinique = new DateTimeOffset(2026, 5, 22, 11, 0, 0, TimeSpan.FromHours(-4));
        AssertRefused(Check(martinique, Martinique), CallingReasons.OutsideCallingHours, new DateTimeOffset(2026, 5, 26, 10, 0, 0, TimeSpan.FromHours(-4)));
    }

    [Fact]
    public void Configured_extra_holidays_are_days_without_calls()
    {
        var alsace = HolidayCalendar.Create(["alsace-moselle", "2026-12-02"]);
        // 26 December 2025 is a Friday: a holiday in Alsace-Moselle only.
        var boxingDay = ParisWinter(2025, 12, 26, 11);
        AssertAllowed(Check(boxingDay));
        AssertRefused(Check(boxingDay, holidays: alsace), CallingReasons.OutsideCallingHours, ParisWinter(2025, 12, 29, 10));
        AssertRefused(Check(ParisWinter(2026, 12, 1, 20, 30), holidays: alsace), CallingReasons.OutsideCallingHours, ParisWinter(2026, 12, 3, 10));
    }

    [Fact]
    public void A_calendar_without_any_calling_day_in_ten_years_is_an_error_not_a_hang()
    {
        var everyDay = Enumerable.Range(0, 3700).Select(i => new DateOnly(2027, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var calendar = HolidayCalendar.Create(everyDay);
        Assert.Throws<InvalidOperationException>(() => Check(ParisWinter(2027, 1, 4, 11), holidays: calendar));
    }
}
