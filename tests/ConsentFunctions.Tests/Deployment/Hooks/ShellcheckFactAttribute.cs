namespace ConsentFunctions.Tests.Deployment.Hooks;

/// <summary>
/// A test that needs shellcheck (Debian package `shellcheck`; .ci/run installs it). Skipped only on
/// a developer's machine without it; under CI=true it runs, and fails if shellcheck is missing.
/// </summary>
public sealed class ShellcheckFactAttribute : FactAttribute
{
    public ShellcheckFactAttribute()
    {
        if (Shellcheck.ExecutablePath() is null && !Shellcheck.InCi)
        {
            Skip = "shellcheck is not installed: `apt-get install shellcheck` (CI installs it and fails without it).";
        }
    }
}

public static class Shellcheck
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? ExecutablePath()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "shellcheck"))
            .FirstOrDefault(File.Exists);
}
