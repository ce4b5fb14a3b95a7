namespace ConsentFunctions.Tests.Browser;

/// <summary>
/// The machine's Chromium (Debian's package), which Playwright drives: Playwright's own browser
/// download cannot be used here. Without one the browser tests are skipped with the command that
/// installs it, except under CI=true, where they run and fail.
/// </summary>
public static class Chromium
{
    public const string InstallCommand = "apt-get update && apt-get install -y chromium";

    public static string? Path { get; } = Find();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Missing =>
        $"No Chromium found (CHROMIUM_PATH, /usr/bin/chromium): install it with `{InstallCommand}` or set CHROMIUM_PATH.";

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs Chromium: skipped, naming the install command, when there is none outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.IsCi)
        {
            Skip = Chromium.Missing;
        }
    }
}
