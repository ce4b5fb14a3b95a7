using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Calling;

/// <summary>
/// Settings of the calling-hours decree, in section <c>Rules</c> beside <c>RulesOptions</c>:
/// <c>Rules:DefaultTimeZone</c> and <c>Rules:ExtraHolidays</c> (indexed entries, e.g.
/// <c>Rules__ExtraHolidays__0=alsace-moselle</c>, <c>Rules__ExtraHolidays__1=2027-05-07</c>).
/// </summary>
public sealed class CallingOptions
{
    public const string Section = "Rules";

    /// <summary>IANA zone of consumers whose form recorded none.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/Paris";

    /// <summary>Dates (<c>yyyy-MM-dd</c>) or named sets (<see cref="HolidayCalendar.NamedSets"/>) added to the public holidays.</summary>
    public List<string> ExtraHolidays { get; set; } = [];
}

/// <summary>
/// Refuses at start-up (with <c>ValidateOnStart</c>) a default zone that is not an IANA name
/// known here and an extra holiday that is neither a date nor a named set: a calendar silently
/// missing a day would allow calls the decree forbids.
/// </summary>
public sealed class CallingOptionsValidator : IValidateOptions<CallingOptions>
{
    public ValidateOptionsResult Validate(string? name, CallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IanaTimeZones.IsValid(options.DefaultTimeZone))
        {
            failures.Add("Rules:DefaultTimeZone must be a known IANA time zone name such as Europe/Paris.");
        }
        if (!HolidayCalendar.TryCreate(options.ExtraHolidays, out _, out var errors))
        {
            failures.AddRange(errors);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The decree's settings read once (validated options): the default zone and the calendar. A
/// singleton the decision engine can be handed.
/// </summary>
public sealed class CallingSettings
{
    public CallingSettings(CallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DefaultZone = IanaTimeZones.Find(options.DefaultTimeZone);
        Holidays = HolidayCalendar.Create(options.ExtraHolidays);
    }

    public TimeZoneInfo DefaultZone { get; }

    public HolidayCalendar Holidays { get; }

    /// <summary>The zone a form recorded for the person if it is a known IANA name; else the default.</summary>
    public TimeZoneInfo ZoneFor(string? subjectTimeZone) =>
        IanaTimeZones.TryFind(subjectTimeZone, out var zone) ? zone : DefaultZone;
}
