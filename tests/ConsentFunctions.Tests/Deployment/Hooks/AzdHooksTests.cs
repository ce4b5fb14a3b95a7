using System.Diagnostics;

namespace ConsentFunctions.Tests.Deployment.Hooks;

/// <summary>azure.yaml runs infra/hooks/*.sh around `azd provision`: they are linted and each rule is tried.</summary>
public class AzdHooksTests
{
    private static readonly string[] Hooks = ["preprovision", "postprovision"];

    [Fact]
    public void Azure_yaml_runs_each_hook_script_of_the_repository()
    {
        var lines = File.ReadAllLines(Path.Combine(BicepCli.RepositoryPath, "azure.yaml"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToList();
        var hooks = lines.FindIndex(l => l == "hooks:");
        Assert.True(hooks >= 0, "azure.yaml has no hooks.");
        var block = lines.Skip(hooks + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        foreach (var hook in Hooks)
        {
            var at = block.IndexOf($"  {hook}:");
            Assert.True(at >= 0, $"azure.yaml has no {hook} hook.");
            var settings = block.Skip(at + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal))
                .Select(l => l.Trim().Split(':', 2))
                .ToDictionary(p => p[0], p => p[1].Trim());
            Assert.Equal("sh", settings["shell"]);
            Assert.Equal($"./infra/hooks/{hook}.sh", settings["run"]);
            Assert.Equal("false", settings["continueOnError"]);

            // azd runs the file itself on Linux and macOS: it needs its shebang and the executable bit.
            var path = HookScript.PathOf($"{hook}.sh");
            Assert.Equal("#!/usr/bin/env bash", File.ReadLines(path).First());
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{path} is not executable.");
            }
        }
    }

    [ShellcheckFact]
    public async Task Hook_scripts_pass_shellcheck()
    {
        var shellcheck = Shellcheck.ExecutablePath();
        Assert.True(shellcheck is not null, "shellcheck is missing: .ci/run installs it (apt-get install shellcheck).");
        var scripts = Directory.GetFiles(Path.Combine(BicepCli.RepositoryPath, "infra", "hooks"), "*.sh").Order().ToList();
        Assert.Equal(Hooks.Select(h => $"{h}.sh").Order(), scripts.Select(Path.GetFileName));

        var start = new ProcessStartInfo(shellcheck!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--shell=bash", "--severity=style", "--format=gcc" }.Concat(scripts))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, "shellcheck reported:\n" + await output + await error);
    }
}
