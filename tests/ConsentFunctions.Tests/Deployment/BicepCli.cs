using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ConsentFunctions.LocalHost.Settings;

namespace ConsentFunctions.Tests.Deployment;

public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64, which the test project
/// restores with a PackageDownload (version: BicepCliVersion in Directory.Packages.props). It
/// compiles infra/ offline: every module is local.
/// </summary>
public static class BicepCli
{
    public const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    // One build and one lint for the whole test run: each takes seconds on two cores.
    private static readonly Lazy<Task<BicepRun>> MainBuild = new(() => RunAsync("build", MainTemplatePath, "--stdout"));
    private static readonly Lazy<Task<BicepRun>> MainLint = new(() => RunAsync("lint", MainTemplatePath));

    public static string RepositoryPath => RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    public static string MainTemplatePath => Path.Combine(RepositoryPath, "infra", "main.bicep");

    public static Task<BicepRun> BuildMainAsync() => MainBuild.Value;

    public static Task<BicepRun> LintMainAsync() => MainLint.Value;

    /// <summary>The ARM JSON that <c>bicep build infra/main.bicep</c> writes, after asserting the build succeeded.</summary>
    public static async Task<JsonElement> CompiledMainAsync()
    {
        var build = await BuildMainAsync();
        Assert.True(build.ExitCode == 0, "bicep build failed:\n" + build.StandardError);
        using var document = JsonDocument.Parse(build.StandardOutput);
        return document.RootElement.Clone();
    }

    public static string ExecutablePath()
    {
        var assembly = typeof(BicepCli).Assembly;
        var version = Metadata(assembly, "BicepCliVersion")
            ?? throw new InvalidOperationException("The test assembly carries no BicepCliVersion: see ConsentFunctions.Tests.csproj.");
        var roots = new[]
        {
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Metadata(assembly, "NuGetPackageRoot"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        var candidates = roots.Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.Combine(r!, PackageId.ToLowerInvariant(), version, "tools", "bicep"))
            .ToList();
        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The Bicep CLI {version} is not restored (looked at {string.Join(", ", candidates)}). Run `dotnet restore`: the test project downloads {PackageId}.");
        EnsureExecutable(path);
        return path;
    }

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPath,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Bicep CLI did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        return new BicepRun(process.ExitCode, await output, await error);
    }

    private static string? Metadata(Assembly assembly, string key)
    {
        var value = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
