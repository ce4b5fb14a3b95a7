using System.Diagnostics;

namespace ConsentFunctions.LocalHost.Azurite;

/// <summary>
/// Installs the repository's pinned npm packages (Azurite) with <c>npm ci</c> when they are
/// missing, so that a fresh clone needs no manual step.
/// </summary>
public static class NpmPackages
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The path of Azurite's entry script, installing the packages first if needed.</summary>
    public static async Task<string> EnsureAzuriteAsync(string repositoryRoot, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var entry = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entry))
        {
            return entry;
        }
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(entry))
            {
                await log.WriteLineAsync("Installing Azurite with npm ci (first run only)...");
                var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
                {
                    WorkingDirectory = repositoryRoot,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
                var stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
                await npm.WaitForExitAsync(cancellationToken);
                if (npm.ExitCode != 0 || !File.Exists(entry))
                {
                    throw new InvalidOperationException($"npm ci failed ({npm.ExitCode}): {await stderr}{await stdout}");
                }
            }
            return entry;
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
