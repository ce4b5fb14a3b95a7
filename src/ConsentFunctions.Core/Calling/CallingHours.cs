namespace ConsentFunctions.Core.Calling;

/// <summary>
/// The calling-hours decree (n° 2022-1313, Consumer Code art. D.223-9), rule 17, pure: instants,
/// a zone, a calendar and a call history come in; no clock, no I/O. Its reading:
/// <list type="bullet">
/// <item>hours: Monday to Friday, local wall-clock time in [10:00, 13:00) or [14:00, 20:00), the
/// local date not a public holiday (<see cref="HolidayCalendar"/>). Local time is that of the
/// instant in the consumer's zone, so a change of offset (summer time) moves the windows with it;
/// a window start that does not exist locally opens at the change.</item>
/// <item>frequency: fewer than 4 attempts in the 30 days before the instant x, that is in
/// (x − 30 × 24 h, x]; an attempt exactly 30 days old no longer counts.</item>
/// <item>refusal: no call in [r, r + 60 × 24 h) after a refusal during a call at r; allowed again
/// from r + 60 days exactly.</item>
/// </list>
/// Durations are elapsed time, not calendar days, so they do not depend on the zone.
/// When several conditions fail, the reason is the first of: <c>refused-on-call</c>,
/// <c>call-frequency</c>, <c>outside-calling-hours</c> (the longest wait first).
/// </summary>
public static class CallingHours
{
    public const int MaxAttempts = 4;
    public static readonly TimeSpan AttemptWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan RefusalWait = TimeSpan.FromDays(60);

    private static readonly TimeSpan[] WindowStarts = [TimeSpan.FromHours(10), TimeSpan.FromHours(14)];

    /// <summary>How far the search for the next calling hour looks before giving up: ten years.</summary>
    private const int MaxDaysSearched = 3660;

    /// <summary>
    /// May a consumer living in <paramref name="zone"/> be called at <paramref name="at"/>, given
    /// the call attempts and the refusals during a call recorded for them? Attempts and refusals
    /// after <paramref name="at"/> do not count at <paramref name="at"/> but do when the next
    /// allowed instant is searched.
    /// </summary>
    public static CallingVerdict Check(
        DateTimeOffset at,
        TimeZoneInfo zone,
        HolidayCalendar holidays,
        IReadOnlyCollection<DateTimeOffset> attempts,
        IReadOnlyCollection<DateTimeOffset> refusals)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(refusals);

        string reason;
        if (RefusalBlocks(refusals, at))
        {
            reason = CallingReasons.RefusedOnCall;
        }
        else if (AttemptsWithin(attempts, at) >= MaxAttempts)
        {
            reason = CallingReasons.CallFrequency;
        }
        else if (!IsWithinCallingHours(at, zone, holidays))
        {
            reason = CallingReasons.OutsideCallingHours;
        }
        else
        {
            return CallingVerdict.Allow;
        }
        return CallingVerdict.Refuse(reason, NextAllowedAt(at, zone, holidays, attempts, refusals));
    }

    /// <summary>
    /// The first instant at or after <paramref name="from"/> when every condition holds. Each
    /// condition holds on a union of intervals closed at their start, so the answer is
    /// <paramref name="from"/> or the start of one: leap to the latest first-instant-where-it-holds
    /// of the failing conditions (no instant before it can be allowed) until all hold.
    /// </summary>
    public static DateTimeOffset NextAllowedAt(
        DateTimeOffset from,
        TimeZoneInfo zone,
        HolidayCalendar holidays,
        IReadOnlyCollection<DateTimeOffset> attempts,
        IReadOnlyCollection<DateTimeOffset> refusals)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(refusals);

        var sortedAttempts = attempts.Select(a => a.ToUniversalTime()).Order().ToArray();
        var x = from;
        // A leap past a refusal's wait or to an attempt's 30th day happens at most once for each;
        // a leap to calling hours either ends the walk or is followed by one of those. So the
        // loop ends within 2 × (attempts + refusals) + 2 turns; the bound only guards.
        for (var turn = 0; turn <= (2 * (sortedAttempts.Length + refusals.Count)) + 2; turn++)
        {
            var next = Max(NextFreeOfRefusals(x, refusals), NextUnderFrequency(x, sortedAttempts));
            next = Max(next, NextCallingHour(next, zone, holidays));
            if (next == x)
            {
                return TimeZoneInfo.ConvertTime(x, zone);
            }
            x = next;
        }
        throw new InvalidOperationException("The next allowed call could not be found.");
    }

    /// <summary>Monday–Friday, [10:00, 13:00) or [14:00, 20:00) local, not a public holiday.</summary>
    public static bool IsWithinCallingHours(DateTimeOffset instant, TimeZoneInfo zone, HolidayCalendar holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(holidays);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }
        var time = local.TimeOfDay;
        var inWindow = (time >= TimeSpan.FromHours(10) && time < TimeSpan.FromHours(13))
            || (time >= TimeSpan.FromHours(14) && time < TimeSpan.FromHours(20));
        return inWindow && !holidays.IsHoliday(DateOnly.FromDateTime(local), zone);
    }

    private static bool RefusalBlocks(IEnumerable<DateTimeOffset> refusals, DateTimeOffset x) =>
        refusals.Any(r => r <= x && x < r + RefusalWait);

    private static int AttemptsWithin(IEnumerable<DateTimeOffset> attempts, DateTimeOffset x) =>
        attempts.Count(a => x - AttemptWindow < a && a <= x);

    /// <summary>First instant ≥ x outside every refusal's wait (waits may chain).</summary>
    private static DateTimeOffset NextFreeOfRefusals(DateTimeOffset x, IReadOnlyCollection<DateTimeOffset> refusals)
    {
        while (true)
        {
            var blocking = refusals.Where(r => r <= x && x < r + RefusalWait).ToList();
            if (blocking.Count == 0)
            {
                return x;
            }
            x = blocking.Max() + RefusalWait;
        }
    }

    /// <summary>
    /// First instant ≥ x with fewer than 4 attempts in the window. The count drops only when an
    /// attempt turns 30 days old, so the answer is x or one of those moments.
    /// </summary>
    private static DateTimeOffset NextUnderFrequency(DateTimeOffset x, DateTimeOffset[] sortedAttempts)
    {
        if (AttemptsWithin(sortedAttempts, x) < MaxAttempts)
        {
            return x;
        }
        foreach (var attempt in sortedAttempts)
        {
            var outOfWindow = attempt + AttemptWindow;
            if (outOfWindow > x && AttemptsWithin(sortedAttempts, outOfWindow) < MaxAttempts)
            {
                return outOfWindow;
            }
        }
        // Unreachable: after the last attempt leaves the window the count is 0.
        return sortedAttempts[^1] + AttemptWindow;
    }

    /// <summary>
    /// First instant ≥ x within calling hours. Between two changes of offset local time runs on
    /// without jumps, so an instant becomes callable only when local time reaches a window start
    /// (10:00 or 14:00) or when the offset changes; those are the candidates, day by day.
    /// </summary>
    private static DateTimeOffset NextCallingHour(DateTimeOffset x, TimeZoneInfo zone, HolidayCalendar holidays)
    {
        if (IsWithinCallingHours(x, zone, holidays))
        {
            return x;
        }
        // From the day before: a change of offset back across midnight can return to it.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(x, zone).DateTime).AddDays(-1);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.IsHoliday(day, zone))
            {
                continue;
            }
            DateTimeOffset? best = null;
            foreach (var candidate in Candidates(day, zone))
            {
                if (candidate >= x && (best is null || candidate < best) && IsWithinCallingHours(candidate, zone, holidays))
                {
                    best = candidate;
                }
            }
            if (best is not null)
            {
                return best.Value;
            }
        }
        throw new InvalidOperationException("No calling hour in the ten years searched: check Rules:ExtraHolidays.");
    }

    /// <summary>
    /// The instants of the window starts of a local day, and the changes of offset into it. All
    /// have that local date, so a callable candidate of a day comes before every callable
    /// candidate of the following days (which only a jump back of more than ten hours could upset).
    /// </summary>
    private static IEnumerable<DateTimeOffset> Candidates(DateOnly day, TimeZoneInfo zone)
    {
        foreach (var start in WindowStarts)
        {
            var local = day.ToDateTime(TimeOnly.MinValue).Add(start);
            if (zone.IsInvalidTime(local))
            {
                // Skipped by a change of offset: the window opens at the change, found below.
                continue;
            }
            if (zone.IsAmbiguousTime(local))
            {
                // Lived twice: both instants are candidates.
                foreach (var offset in zone.GetAmbiguousTimeOffsets(local))
                {
                    yield return new DateTimeOffset(local, offset);
                }
                continue;
            }
            yield return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
        foreach (var change in OffsetChanges(day, zone))
        {
            // Only a change into this local day: one into the next day must not be taken for
            // this day's best candidate before the next day's own window starts are seen.
            if (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(change, zone).DateTime) == day)
            {
                yield return change;
            }
        }
    }

    /// <summary>
    /// Instants where the zone's offset changes, within the UTC span that covers the local day
    /// whatever the offset (±14 h). Found by bisection to the tick; assumes at most one change in
    /// that span of about two and a half days, which every zone of the database meets.
    /// </summary>
    private static IEnumerable<DateTimeOffset> OffsetChanges(DateOnly day, TimeZoneInfo zone)
    {
        var lo = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-15);
        var hi = lo.AddHours(24 + 30);
        var before = zone.GetUtcOffset(lo);
        var after = zone.GetUtcOffset(hi);
        if (before == after)
        {
            yield break;
        }
        // Invariant: offset(lo) == before, offset(hi) == after.
        while (hi.UtcTicks - lo.UtcTicks > 1)
        {
            var mid = new DateTimeOffset(lo.UtcTicks + ((hi.UtcTicks - lo.UtcTicks) / 2), TimeSpan.Zero);
            if (zone.GetUtcOffset(mid) == before)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        yield return hi;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
