using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using PublicHoliday;
using Regions = PublicHoliday.FrancePublicHoliday.Regions;

namespace ConsentFunctions.Core.Calling;

/// <summary>
/// The days on which no prospecting call may be made (decree n° 2022-1313): the public holidays
/// of Labour Code art. L.3133-1 (1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday,
/// 14 July, 15 August, 1 November, 11 November, 25 December), computed by the maintained
/// <c>PublicHoliday</c> library rather than by our own Easter arithmetic; plus the dates and
/// named sets configured in <c>Rules:ExtraHolidays</c>; plus, for a consumer whose time zone is
/// that of an overseas territory, that territory's own days (abolition of slavery, Good Friday…),
/// as the library lists them. Immutable and safe to share; each year is computed once.
/// </summary>
public sealed class HolidayCalendar
{
    /// <summary>Named sets accepted in <c>Rules:ExtraHolidays</c>, each a region of the library.</summary>
    private static readonly FrozenDictionary<string, Regions> SetsByName = new Dictionary<string, Regions>(StringComparer.OrdinalIgnoreCase)
    {
        // Local law of Alsace-Moselle: Good Friday and 26 December.
        ["alsace-moselle"] = Regions.AlsaceMoselle,
        ["guadeloupe"] = Regions.Guadeloupe,
        ["guyane"] = Regions.Guyane,
        ["martinique"] = Regions.Martinique,
        ["mayotte"] = Regions.Mayotte,
        ["nouvelle-caledonie"] = Regions.NouvelleCaledonie,
        ["polynesie-francaise"] = Regions.PolynesieFrancaise,
        ["reunion"] = Regions.Reunion,
        ["saint-barthelemy"] = Regions.SaintBarthelemy,
        ["saint-martin"] = Regions.SaintMartin,
        ["wallis-et-futuna"] = Regions.WallisEtFutuna,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The territory whose days also apply to a consumer living in a zone: the tz database gives
    /// each of these territories its own zone, so the recorded zone says where the person is.
    /// </summary>
    private static readonly FrozenDictionary<string, Regions> TerritoryByZone = new Dictionary<string, Regions>(StringComparer.Ordinal)
    {
        ["America/Guadeloupe"] = Regions.Guadeloupe,
        ["America/Cayenne"] = Regions.Guyane,
        ["America/Martinique"] = Regions.Martinique,
        ["Indian/Mayotte"] = Regions.Mayotte,
        ["Pacific/Noumea"] = Regions.NouvelleCaledonie,
        ["Pacific/Tahiti"] = Regions.PolynesieFrancaise,
        ["Pacific/Marquesas"] = Regions.PolynesieFrancaise,
        ["Pacific/Gambier"] = Regions.PolynesieFrancaise,
        ["Indian/Reunion"] = Regions.Reunion,
        ["America/St_Barthelemy"] = Regions.SaintBarthelemy,
        ["America/Marigot"] = Regions.SaintMartin,
        ["Pacific/Wallis"] = Regions.WallisEtFutuna,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<(int Year, Regions Region), FrozenSet<DateOnly>> Years = new();

    private readonly FrozenSet<DateOnly> extraDates;
    private readonly Regions[] extraSets;

    private HolidayCalendar(FrozenSet<DateOnly> extraDates, Regions[] extraSets)
    {
        this.extraDates = extraDates;
        this.extraSets = extraSets;
    }

    /// <summary>Labour Code art. L.3133-1 only (and overseas territories' days by zone).</summary>
    public static HolidayCalendar LabourCode { get; } = new(FrozenSet<DateOnly>.Empty, []);

    /// <summary>The names accepted as named sets in <c>Rules:ExtraHolidays</c>.</summary>
    public static IReadOnlyCollection<string> NamedSets => SetsByName.Keys;

    /// <summary>
    /// Reads <c>Rules:ExtraHolidays</c>: each entry a date <c>yyyy-MM-dd</c> or a named set
    /// (<see cref="NamedSets"/>, any case); an entry may also hold several separated by commas.
    /// Blank entries are ignored. Every entry that is neither is listed in <paramref name="errors"/>.
    /// </summary>
    public static bool TryCreate(IEnumerable<string?>? extraHolidays, out HolidayCalendar calendar, out IReadOnlyList<string> errors)
    {
        var dates = new HashSet<DateOnly>();
        var sets = new HashSet<Regions>();
        var problems = new List<string>();
        var index = 0;
        foreach (var entry in extraHolidays ?? [])
        {
            foreach (var part in (entry ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    dates.Add(date);
                }
                else if (SetsByName.TryGetValue(part, out var region))
                {
                    sets.Add(region);
                }
                else
                {
                    var shown = part.Length > 40 ? part[..40] + "…" : part;
                    problems.Add($"Rules:ExtraHolidays[{index}]: '{shown}' is neither a date (yyyy-MM-dd) nor a named set ({string.Join(", ", SetsByName.Keys.Order(StringComparer.Ordinal))}).");
                }
            }
            index++;
        }
        errors = problems;
        calendar = problems.Count == 0 ? new HolidayCalendar(dates.ToFrozenSet(), [.. sets]) : LabourCode;
        return problems.Count == 0;
    }

    /// <summary>As <see cref="TryCreate"/>, throwing <see cref="ArgumentException"/> on a bad entry.</summary>
    public static HolidayCalendar Create(IEnumerable<string?>? extraHolidays) =>
        TryCreate(extraHolidays, out var calendar, out var errors) ? calendar : throw new ArgumentException(string.Join(" ", errors), nameof(extraHolidays));

    /// <summary>Is this local date a day without prospecting calls for a consumer living in <paramref name="zone"/>?</summary>
    public bool IsHoliday(DateOnly day, TimeZoneInfo? zone = null)
    {
        if (extraDates.Contains(day) || YearOf(day.Year, Regions.OnlyOfficial).Contains(day))
        {
            return true;
        }
        foreach (var region in extraSets)
        {
            if (YearOf(day.Year, region).Contains(day))
            {
                return true;
            }
        }
        return zone is not null && TerritoryByZone.TryGetValue(zone.Id, out var territory) && YearOf(day.Year, territory).Contains(day);
    }

    private static FrozenSet<DateOnly> YearOf(int year, Regions region) =>
        Years.GetOrAdd((year, region), static key =>
        {
            // A new instance each time: the library's instances cache without locks.
            var library = new FrancePublicHoliday { Region = key.Region };
            // The library marks Ascension on 1 May one second past midnight to keep both: the date is what counts.
            return library.PublicHolidays(key.Year).Select(DateOnly.FromDateTime).ToFrozenSet();
        });
}
