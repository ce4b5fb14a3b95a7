using ConsentFunctions.Core.Calling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Tests.Calling;

/// <summary>Rules:DefaultTimeZone and Rules:ExtraHolidays: a bad setting stops the start-up.</summary>
public class CallingOptionsTests
{
    private static readonly CallingOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_valid_and_Paris()
    {
        var options = new CallingOptions();
        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal("Europe/Paris", new CallingSettings(options).DefaultZone.Id);
    }

    [Fact]
    public void An_unknown_default_time_zone_fails()
    {
        var result = Validator.Validate(null, new CallingOptions { DefaultTimeZone = "Mars/Olympus_Mons" });
        Assert.True(result.Failed);
        Assert.Contains("Rules:DefaultTimeZone", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_holiday_that_is_not_a_date_fails_and_every_problem_is_listed()
    {
        var result = Validator.Validate(null, new CallingOptions { DefaultTimeZone = "", ExtraHolidays = ["2027-02-30", "alsace-moselle", "someday"] });
        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains("Rules:ExtraHolidays[0]", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Rules:ExtraHolidays[2]", result.FailureMessage, StringComparison.Ordinal);
    }

    private static IHost HostWith(Dictionary<string, string?> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<CallingOptions>().Bind(builder.Configuration.GetSection(CallingOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CallingOptions>, CallingOptionsValidator>();
        return builder.Build();
    }

    [Fact]
    public async Task With_ValidateOnStart_a_bad_setting_stops_the_start_up()
    {
        using var host = HostWith(new() { ["Rules:DefaultTimeZone"] = "Europe/Pariss", ["Rules:ExtraHolidays:0"] = "2027-13-01" });
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(2, e.Failures.Count());
    }

    [Fact]
    public async Task With_ValidateOnStart_good_settings_bind_from_indexed_keys()
    {
        using var host = HostWith(new() { ["Rules:DefaultTimeZone"] = "America/Martinique", ["Rules:ExtraHolidays:0"] = "alsace-moselle", ["Rules:ExtraHolidays:1"] = "2027-05-07" });
        await host.StartAsync();
        var settings = new CallingSettings(host.Services.GetRequiredService<IOptions<CallingOptions>>().Value);
        Assert.Equal("America/Martinique", settings.DefaultZone.Id);
        Assert.True(settings.Holidays.IsHoliday(new DateOnly(2027, 5, 7)));
        Assert.True(settings.Holidays.IsHoliday(new DateOnly(2027, 12, 26)));
        await host.StopAsync();
    }

    [Fact]
    public void The_zone_a_form_recorded_wins_over_the_default_unless_it_is_unknown()
    {
        var settings = new CallingSettings(new CallingOptions());
        Assert.Equal("America/Martinique", settings.ZoneFor("America/Martinique").Id);
        Assert.Equal("Europe/Paris", settings.ZoneFor(null).Id);
        Assert.Equal("Europe/Paris", settings.ZoneFor("Mars/Olympus_Mons").Id);
    }

    [Fact]
    public void Settings_refuse_options_that_did_not_pass_validation()
    {
        Assert.Throws<ArgumentException>(() => new CallingSettings(new CallingOptions { DefaultTimeZone = "Nowhere" }));
        Assert.Throws<ArgumentException>(() => new CallingSettings(new CallingOptions { ExtraHolidays = ["tomorrow"] }));
    }

    [Fact]
    public void Phone_opt_in_starts_at_midnight_in_Paris_on_11_August_2026()
    {
        var paris = IanaTimeZones.Find("Europe/Paris");
        var midnight = new DateTime(2026, 8, 11, 0, 0, 0);
        Assert.Equal(new DateTimeOffset(midnight, paris.GetUtcOffset(midnight)), PhoneOptIn.From);
        Assert.Equal(new DateTimeOffset(2026, 8, 10, 22, 0, 0, TimeSpan.Zero), PhoneOptIn.From);
        Assert.Equal(TimeSpan.FromHours(2), PhoneOptIn.From.Offset);
    }
}
