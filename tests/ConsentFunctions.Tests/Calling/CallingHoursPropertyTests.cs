using ConsentFunctions.Core.Calling;
using CsCheck;

namespace ConsentFunctions.Tests.Calling;

/// <summary>
/// Random questions and call histories against a naive reading of the decree written
/// independently here (its own holiday list, minute arithmetic, no search): an answer agrees with
/// it, <c>nextAllowedAt</c> is allowed, the instant just before it is not, and no instant between
/// <c>at</c> and <c>nextAllowedAt</c> is allowed.
/// </summary>
public class CallingHoursPropertyTests
{
    private static readonly TimeZoneInfo[] Zones =
    [
        IanaTimeZones.Find("Europe/Paris"),
        IanaTimeZones.Find("America/Martinique"),
        // UTC+12:45, summer time +13:45: offsets in quarter hours.
        IanaTimeZones.Find("Pacific/Chatham"),
        // Summer time starting and ending inside the calling windows (2027).
        CallingHoursDaylightSavingTests.MadeUpZone("Test/Midday", new TimeSpan(12, 30, 0), new TimeSpan(13, 30, 0)),
    ];

    private static readonly HolidayCalendar Alsace = HolidayCalendar.Create(["alsace-moselle"]);

    // Labour Code art. L.3133-1 for 2026–2029, written out from the official calendars.
    private static readonly HashSet<DateOnly> National = Days(
        "2026-01-01 2026-04-06 2026-05-01 2026-05-08 2026-05-14 2026-05-25 2026-07-14 2026-08-15 2026-11-01 2026-11-11 2026-12-25",
        "2027-01-01 2027-03-29 2027-05-01 2027-05-06 2027-05-08 2027-05-17 2027-07-14 2027-08-15 2027-11-01 2027-11-11 2027-12-25",
        "2028-01-01 2028-04-17 2028-05-01 2028-05-08 2028-05-25 2028-06-05 2028-07-14 2028-08-15 2028-11-01 2028-11-11 2028-12-25",
        "2029-01-01 2029-04-02 2029-05-01 2029-05-08 2029-05-10 2029-05-21 2029-07-14 2029-08-15 2029-11-01 2029-11-11 2029-12-25");

    // Good Friday and 26 December.
    private static readonly HashSet<DateOnly> AlsaceMoselle = Days(
        "2026-04-03 2026-12-26 2027-03-26 2027-12-26 2028-04-14 2028-12-26 2029-03-30 2029-12-26");

    // Good Friday, abolition of slavery (22 May), Victor Schœlcher day (21 July).
    private static readonly HashSet<DateOnly> MartiniqueDays = Days(
        "2026-04-03 2026-05-22 2026-07-21 2027-03-26 2027-05-22 2027-07-21 2028-04-14 2028-05-22 2028-07-21 2029-03-30 2029-05-22 2029-07-21");

    private static HashSet<DateOnly> Days(params string[] lists) =>
        [.. lists.SelectMany(l => l.Split(' ')).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

    private static readonly DateTimeOffset Origin = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private const long MinutesRange = 1000L * 24 * 60; // questions up to late 2028
    private const long Day = 24 * 60;

    public sealed record Case(int Zone, bool WithAlsace, long AtMinute, long[] AttemptMinutes, long[] RefusalMinutes)
    {
        public TimeZoneInfo TimeZone => Zones[Zone];
        public DateTimeOffset At => Origin.AddMinutes(AtMinute);
        public DateTimeOffset[] Attempts => [.. AttemptMinutes.Select(m => At.AddMinutes(m))];
        public DateTimeOffset[] Refusals => [.. RefusalMinutes.Select(m => At.AddMinutes(m))];
        public HolidayCalendar Calendar => WithAlsace ? Alsace : HolidayCalendar.LabourCode;

        public override string ToString() =>
            $"zone {TimeZone.Id}, alsace {WithAlsace}, at {At:o}, attempts [{string.Join(", ", Attempts.Select(a => a.ToString("o")))}], refusals [{string.Join(", ", Refusals.Select(r => r.ToString("o")))}]";
    }

    // Days before the made-up zone's changes of offset (10 March and 13 October 2027, 11:30 UTC).
    private static readonly long SpringChange = (long)(new DateTimeOffset(2027, 3, 10, 11, 30, 0, TimeSpan.Zero) - Origin).TotalMinutes;
    private static readonly long AutumnChange = (long)(new DateTimeOffset(2027, 10, 13, 11, 30, 0, TimeSpan.Zero) - Origin).TotalMinutes;

    // Questions over three years, some on the days of a change of offset; histories around the
    // question, with extra weight on the edges of the 30- and 60-day periods.
    private static readonly Gen<Case> Cases =
        from zone in Gen.Int[0, Zones.Length - 1]
        from alsace in Gen.Bool
        from at in Gen.Frequency(
            (4, (IGen<long>)Gen.Long[0, MinutesRange]),
            (1, Gen.Long[SpringChange - (2 * Day), SpringChange + Day]),
            (1, Gen.Long[AutumnChange - (2 * Day), AutumnChange + Day]))
        from attempts in Gen.OneOf(Gen.Long[-40 * Day, 10 * Day], Gen.Long[(-30 * Day) - 2, (-30 * Day) + 2]).Array[0, 8]
        from refusals in Gen.OneOf(Gen.Long[-70 * Day, 5 * Day], Gen.Long[(-60 * Day) - 2, (-60 * Day) + 2]).Array[0, 2]
        select new Case(zone, alsace, at, attempts, refusals);

    /// <summary>The decree read plainly, one instant at a time; null when allowed, else the reason.</summary>
    private static string? NaiveReason(DateTimeOffset x, Case c)
    {
        if (c.Refusals.Any(r => r <= x && x < r.AddDays(60)))
        {
            return CallingReasons.RefusedOnCall;
        }
        if (c.Attempts.Count(a => a > x.AddDays(-30) && a <= x) >= 4)
        {
            return CallingReasons.CallFrequency;
        }
        var local = TimeZoneInfo.ConvertTime(x, c.TimeZone).DateTime;
        var minute = (local.Hour * 60) + local.Minute;
        var date = DateOnly.FromDateTime(local);
        var holiday = National.Contains(date)
            || (c.WithAlsace && AlsaceMoselle.Contains(date))
            || (c.TimeZone.Id == "America/Martinique" && MartiniqueDays.Contains(date));
        var open = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && ((minute >= 600 && minute < 780) || (minute >= 840 && minute < 1200))
            && !holiday;
        return open ? null : CallingReasons.OutsideCallingHours;
    }

    [Fact]
    public void Answers_agree_with_a_naive_reading_and_nextAllowedAt_is_the_first_allowed_instant()
    {
        Cases.Sample(c =>
        {
            var v = CallingHours.Check(c.At, c.TimeZone, c.Calendar, c.Attempts, c.Refusals);
            var expected = NaiveReason(c.At, c);
            Assert.Equal(expected is null, v.Allowed);
            Assert.Equal(expected, v.Reason);
            if (v.Allowed)
            {
                return;
            }
            var next = v.NextAllowedAt!.Value;
            Assert.True(next > c.At, $"next {next:o} not after at");
            Assert.Null(NaiveReason(next, c));
            Assert.True(CallingHours.Check(next, c.TimeZone, c.Calendar, c.Attempts, c.Refusals).Allowed);
            Assert.NotNull(NaiveReason(next.AddMinutes(-1), c));
            Assert.NotNull(NaiveReason(next.AddTicks(-1), c));
            // Every period of the rules starts on a whole minute here, so a walk minute by minute
            // would meet any allowed instant before next (bounded, for the test's time).
            if (next - c.At <= TimeSpan.FromDays(4))
            {
                for (var x = c.At; x < next; x = x.AddMinutes(1))
                {
                    Assert.NotNull(NaiveReason(x, c));
                }
            }
        }, iter: 4000, print: c => c.ToString());
    }

    [Fact]
    public void Every_answer_is_common_enough_for_the_property_to_mean_something()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        const int Total = 2000;
        Cases.Sample(c =>
        {
            var v = CallingHours.Check(c.At, c.TimeZone, c.Calendar, c.Attempts, c.Refusals);
            counts.AddOrUpdate(v.Reason ?? "allowed", 1, (_, n) => n + 1);
        }, iter: Total, seed: "0N0XIzNsQ0O2");
        foreach (var answer in new[] { "allowed", CallingReasons.OutsideCallingHours, CallingReasons.CallFrequency, CallingReasons.RefusedOnCall })
        {
            Assert.InRange(counts.GetValueOrDefault(answer), Total / 20, Total);
        }
    }
}
