using System.Diagnostics;
using System.Text.RegularExpressions;

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

    /// <summary>
    /// The hooks run under pipefail, where a lookup that stops at its first match (grep -q) fails the
    /// write into its pipe: a check answered "not found" at random on a busy machine. Lookups read a
    /// here-string instead. Shellcheck does not flag this, so it is a rule of its own.
    /// </summary>
    [Fact]
    public void No_hook_pipes_into_a_lookup_that_stops_early()
    {
        foreach (var hook in Hooks)
        {
            var path = HookScript.PathOf($"{hook}.sh");
            var lines = File.ReadAllLines(path);
            Assert.Contains(lines, l => l.Trim() == "set -euo pipefail");
            var early = lines.Select((l, i) => (Line: l, Number: i + 1))
                .Where(l => !l.Line.TrimStart().StartsWith('#') && Regex.IsMatch(l.Line, @"\|\s*grep\s+(-\w*q|--quiet)|\|\s*head\b"))
                .Select(l => $"{hook}.sh:{l.Number}: {l.Line.Trim()}")
                .ToList();
            Assert.True(early.Count == 0, "A pipe into a lookup that stops early:\n" + string.Join('\n', early));
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
