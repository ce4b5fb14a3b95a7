using System.Text.Json;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>`azd up` needs azure.yaml to name the service and main.parameters.json to feed main.bicep.</summary>
public class AzdProjectTests
{
    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_service_api()
    {
        var lines = File.ReadAllLines(Path.Combine(BicepCli.RepositoryPath, "azure.yaml"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToList();
        var services = lines.FindIndex(l => l == "services:");
        Assert.True(services >= 0, "azure.yaml has no services.");
        Assert.Equal("  api:", lines[services + 1]);
        var api = lines.Skip(services + 2).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal("function", api["host"]);
        Assert.Equal("dotnet", api["language"]);
        Assert.Equal("./src/ConsentFunctions", api["project"]);
        Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryPath, "src", "ConsentFunctions", "ConsentFunctions.csproj")));
    }

    [Fact]
    public async Task The_parameters_file_gives_every_required_parameter_and_only_known_ones()
    {
        var main = await BicepCli.CompiledMainAsync();
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepCli.RepositoryPath, "infra", "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var declared = main.GetProperty("parameters").EnumerateObject().ToList();

        Assert.Empty(given.Except(declared.Select(p => p.Name)));
        var required = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name);
        Assert.Empty(required.Except(given));
        Assert.Contains("allowedFormOrigins", given);
    }

    [Fact]
    public async Task Every_parameter_but_the_environment_and_the_region_has_a_default_so_no_prompt_works()
    {
        // `azd up --no-prompt` stops on a parameter that has neither a value nor a default.
        var main = await BicepCli.CompiledMainAsync();
        var required = main.GetProperty("parameters").EnumerateObject()
            .Where(p => !p.Value.TryGetProperty("defaultValue", out _))
            .Select(p => p.Name)
            .Order();
        Assert.Equal(["environmentName", "location"], required);

        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepCli.RepositoryPath, "infra", "main.parameters.json")));
        var parameters = file.RootElement.GetProperty("parameters");
        Assert.Equal("${AZURE_ENV_NAME}", parameters.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", parameters.GetProperty("location").GetProperty("value").GetString());
        // A bool from an unset environment value would be an empty string: the file gives the default.
        Assert.Equal("${ALERTS_WEBHOOK_ENABLED=false}", parameters.GetProperty("alertsWebhookEnabled").GetProperty("value").GetString());
    }
}
