using System.Reflection;
using System.Text.Json;
using ConsentFunctions.LocalHost.Settings;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>
/// A timer whose %Setting% is missing stops the Functions host from loading the app: every schedule
/// setting must be set locally and in Azure.
/// </summary>
public class TimerSettingsTests
{
    private static IEnumerable<string> ScheduleSettings()
        => typeof(ConsentFunctions.FunctionServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule)
            .Where(s => s is not null && s.StartsWith('%'))
            .Select(s => s!.Trim('%').Replace(":", "__", StringComparison.Ordinal));

    [Fact]
    public void Every_timer_schedule_setting_is_in_the_sample_settings_and_the_bicep_app_settings()
    {
        var root = RepositoryRoot.Find()!;
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        var bicep = File.ReadAllText(Path.Combine(root, "infra", "app", "api.bicep"));
        var settings = ScheduleSettings().ToList();
        Assert.Contains("Retention__Schedule", settings);
        Assert.Contains("Breaches__WatchSchedule", settings);
        foreach (var setting in settings)
        {
            Assert.True(values.TryGetProperty(setting, out _), setting + " is missing from local.settings.sample.json");
            Assert.Contains(setting + ":", bicep, StringComparison.Ordinal);
        }
    }
}
