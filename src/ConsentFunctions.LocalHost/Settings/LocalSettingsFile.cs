using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace ConsentFunctions.LocalHost.Settings;

/// <summary>
/// The Functions settings file: <c>local.settings.json</c> at the repository root when a developer
/// made one, else the committed <c>local.settings.sample.json</c>. Its "Values" use the app-setting
/// spelling (<c>Cors__AllowedOrigins</c>), read here as configuration keys (<c>Cors:AllowedOrigins</c>).
/// Environment variables and the command line still override it.
/// </summary>
public static class LocalSettingsFile
{
    public static string? Find(string? repositoryRoot)
    {
        if (repositoryRoot is null)
        {
            return null;
        }
        foreach (var name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            var path = Path.Combine(repositoryRoot, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    public static IConfigurationSource? Load(string? path)
    {
        if (path is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }
        return new MemoryConfigurationSource { InitialData = values };
    }
}
