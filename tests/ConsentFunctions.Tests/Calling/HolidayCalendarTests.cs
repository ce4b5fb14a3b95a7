using System.Globalization;
using ConsentFunctions.Core.Calling;

namespace ConsentFunctions.Tests.Calling;

/// <summary>Labour Code art. L.3133-1 through the PublicHoliday library, plus the configured extras.</summary>
public class HolidayCalendarTests
{
    private static readonly TimeZoneInfo Paris = IanaTimeZones.Find("Europe/Paris");

    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<string> HolidaysOf(int year, HolidayCalendar calendar, TimeZoneInfo? zone = null)
    {
        var days = new List<string>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            if (calendar.IsHoliday(d, zone))
            {
                days.Add(d.ToString("MM-dd", CultureInfo.InvariantCulture));
            }
        }
        return days;
    }

    [Fact]
    public void The_eleven_days_of_the_Labour_Code_in_2027_and_no_other()
        => Assert.Equal(
            ["01-01", "03-29", "05-01", "05-06", "05-08", "05-17", "07-14", "08-15", "11-01", "11-11", "12-25"],
            HolidaysOf(2027, HolidayCalendar.LabourCode, Paris));

    [Fact]
    public void Ascension_on_the_first_of_May_is_one_day_not_a_crash()
    {
        // In 2008 Easter was 23 March: Ascension fell on 1 May.
        var days = HolidaysOf(2008, HolidayCalendar.LabourCode);
        Assert.Equal(["01-01", "03-24", "05-01", "05-08", "05-12", "07-14", "08-15", "11-01", "11-11", "12-25"], days);
    }

    [Fact]
    public void Alsace_Moselle_adds_Good_Friday_and_the_26th_of_December()
    {
        var alsace = HolidayCalendar.Create(["alsace-moselle"]);
        Assert.Equal(
            ["01-01", "03-26", "03-29", "05-01", "05-06", "05-08", "05-17", "07-14", "08-15", "11-01", "11-11", "12-25", "12-26"],
            HolidaysOf(2027, alsace));
        Assert.False(HolidayCalendar.LabourCode.IsHoliday(D("2027-03-26")));
    }

    [Fact]
    public void Extra_dates_and_sets_may_share_an_entry_and_any_case()
    {
        var calendar = HolidayCalendar.Create(["2027-05-07, Alsace-Moselle", " ", "2027-06-01"]);
        Assert.True(calendar.IsHoliday(D("2027-05-07")));
        Assert.True(calendar.IsHoliday(D("2027-06-01")));
        Assert.True(calendar.IsHoliday(D("2027-12-26")));
        Assert.False(calendar.IsHoliday(D("2027-05-10")));
        Assert.Equal(HolidayCalendar.LabourCode.IsHoliday(D("2027-05-10")), calendar.IsHoliday(D("2027-05-10")));
    }

    [Theory]
    [InlineData("America/Martinique", "2027-05-22")]
    [InlineData("America/Guadeloupe", "2027-05-27")]
    [InlineData("America/Cayenne", "2027-06-10")]
    [InlineData("Indian/Reunion", "2027-12-20")]
    [InlineData("Indian/Mayotte", "2027-04-27")]
    public void An_overseas_consumer_also_has_the_territory_s_own_days(string zoneId, string day)
    {
        var zone = IanaTimeZones.Find(zoneId);
        Assert.True(HolidayCalendar.LabourCode.IsHoliday(D(day), zone));
        Assert.False(HolidayCalendar.LabourCode.IsHoliday(D(day), Paris));
        Assert.False(HolidayCalendar.LabourCode.IsHoliday(D(day)));
    }

    [Fact]
    public void A_named_territory_set_applies_to_everyone_when_configured()
        => Assert.True(HolidayCalendar.Create(["reunion"]).IsHoliday(D("2027-12-20"), Paris));

    [Theory]
    [InlineData("2027-13-01")]
    [InlineData("2027-02-30")]
    [InlineData("07/05/2027")]
    [InlineData("2027-5-7")]
    [InlineData("2027-05-07T00:00:00")]
    [InlineData("alsace")]
    [InlineData("<script>alert(1)</script>")]
    public void An_entry_that_is_neither_a_date_nor_a_set_is_an_error_naming_its_index(string bad)
    {
        Assert.False(HolidayCalendar.TryCreate(["2027-05-07", bad], out _, out var errors));
        var error = Assert.Single(errors);
        Assert.StartsWith("Rules:ExtraHolidays[1]:", error, StringComparison.Ordinal);
        Assert.Contains("alsace-moselle", error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HolidayCalendar.Create([bad]));
    }

    [Fact]
    public void A_long_bad_entry_is_shortened_in_the_error()
    {
        Assert.False(HolidayCalendar.TryCreate([new string('x', 5000)], out _, out var errors));
        Assert.True(errors[0].Length < 400, errors[0]);
    }

    [Fact]
    public void No_entries_is_the_Labour_Code_alone()
    {
        Assert.True(HolidayCalendar.TryCreate(null, out var calendar, out var errors));
        Assert.Empty(errors);
        Assert.Equal(HolidaysOf(2027, HolidayCalendar.LabourCode), HolidaysOf(2027, calendar));
        Assert.Contains("alsace-moselle", HolidayCalendar.NamedSets);
    }
}
