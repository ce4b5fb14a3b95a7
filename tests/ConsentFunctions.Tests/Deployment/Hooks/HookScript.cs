using System.Diagnostics;

namespace ConsentFunctions.Tests.Deployment.Hooks;

public sealed record HookRun(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<string> AzCalls)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Runs a hook script of infra/hooks with bash, as azd does on Linux and macOS, with the
/// environment values azd would pass and a stand-in Azure CLI (<see cref="FakeAzureCli"/>) first
/// on PATH. Nothing reaches Azure.
/// </summary>
public static class HookScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    // Values a developer's shell may hold that would change what a hook sees.
    private static readonly string[] Cleared =
    [
        "SUBJECTS_HASH_KEY", "UNSUBSCRIBE_SIGNING_KEYS", "ALERTS_WEBHOOK_URL", "ALERTS_WEBHOOK_ENABLED",
        "AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "AZURE_KEY_VAULT_NAME",
        "KEY_VAULT_REFERENCES_TIMEOUT_SECONDS", "KEY_VAULT_REFERENCES_POLL_SECONDS",
    ];

    public static string PathOf(string name) => Path.Combine(BicepCli.RepositoryPath, "infra", "hooks", name);

    public static async Task<HookRun> RunAsync(string name, IDictionary<string, string> environment)
    {
        using var fake = FakeAzureCli.Create();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = BicepCli.RepositoryPath,
        };
        start.ArgumentList.Add(PathOf(name));
        foreach (var key in Cleared.Concat(start.Environment.Keys.Where(k => k.StartsWith("FAKE_AZ_", StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["PATH"] = fake.Directory + Path.PathSeparator + start.Environment["PATH"];
        start.Environment["FAKE_AZ_LOG"] = fake.LogPath;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        process.StandardInput.Close(); // hooks run with interactive: false
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
            throw new TimeoutException($"{name} did not finish within {Timeout}.");
        }
        return new HookRun(process.ExitCode, await output, await error, fake.Calls());
    }
}
