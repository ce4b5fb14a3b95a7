using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>CI compiles and lints infra/ with the pinned Bicep CLI, offline.</summary>
public class BicepTests
{
    [Fact]
    public async Task The_pinned_bicep_cli_runs()
    {
        var run = await BicepCli.RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        var version = typeof(BicepCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCliVersion").Value;
        Assert.Contains($"Bicep CLI version {version} ", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_template_builds_without_a_diagnostic()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.True(build.ExitCode == 0, "bicep build failed:\n" + build.StandardError);
        Assert.True(string.IsNullOrWhiteSpace(build.StandardError), "bicep build reported:\n" + build.StandardError);
        using var template = JsonDocument.Parse(build.StandardOutput);
        Assert.Equal("subscription", TargetScope(template.RootElement));
    }

    [Fact]
    public async Task Main_template_lints_without_a_warning()
    {
        var lint = await BicepCli.LintMainAsync();
        var output = (lint.StandardOutput + lint.StandardError).Trim();
        Assert.True(lint.ExitCode == 0, "bicep lint failed:\n" + output);
        Assert.True(output.Length == 0, "bicep lint reported:\n" + output);
    }

    [Fact]
    public void Every_module_is_a_local_file()
    {
        var infra = Path.Combine(BicepCli.RepositoryPath, "infra");
        var files = Directory.GetFiles(infra, "*.bicep", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(Path.Combine("infra", "main.bicep"), StringComparison.Ordinal));
        var module = new Regex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline);
        foreach (var file in files)
        {
            foreach (Match match in module.Matches(File.ReadAllText(file)))
            {
                var path = match.Groups["path"].Value;
                Assert.False(path.Contains(':', StringComparison.Ordinal), $"{file}: module '{path}' comes from a registry; our machines cannot fetch it.");
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, path)), $"{file}: module '{path}' does not exist.");
            }
        }
    }

    private static string TargetScope(JsonElement template)
    {
        var schema = template.GetProperty("$schema").GetString()!;
        return schema.Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal) ? "subscription" : schema;
    }
}
