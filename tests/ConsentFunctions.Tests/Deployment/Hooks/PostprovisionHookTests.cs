namespace ConsentFunctions.Tests.Deployment.Hooks;

/// <summary>
/// infra/hooks/postprovision.sh asks the platform to resolve the app's Key Vault references
/// (config/configreferences/appsettings/refresh) until each one is resolved, or says which are not.
/// </summary>
public class PostprovisionHookTests
{
    private const string Site = "https://management.azure.com/subscriptions/sub-1/resourceGroups/rg-consent-test/providers/Microsoft.Web/sites/func-api-abc";
    private const string Refresh = $"rest --method post --url {Site}/config/configreferences/appsettings/refresh?api-version=2022-03-01";
    private const string Pending = "Subjects__HashKey\tAccessToKeyVaultDenied\nUnsubscribe__SigningKeys\tAccessToKeyVaultDenied";

    private static Dictionary<string, string> Environment(params (string Key, string Value)[] values)
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_SUBSCRIPTION_ID"] = "sub-1",
            ["AZURE_RESOURCE_GROUP"] = "rg-consent-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-api-abc",
            ["KEY_VAULT_REFERENCES_POLL_SECONDS"] = "0",
        };
        foreach (var (key, value) in values)
        {
            environment[key] = value;
        }
        return environment;
    }

    [Fact]
    public async Task Resolved_references_need_one_refresh()
    {
        var run = await HookScript.RunAsync("postprovision.sh", Environment());
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("every Key Vault reference of func-api-abc is resolved", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, run.AzCalls.Count(c => c.StartsWith(Refresh, StringComparison.Ordinal)));
        Assert.Contains(run.AzCalls, c => c.StartsWith($"rest --method get --url {Site}/config/configreferences/appsettings?api-version=2022-03-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task References_denied_at_first_are_refreshed_again_until_resolved()
    {
        var run = await HookScript.RunAsync("postprovision.sh", Environment(("FAKE_AZ_PENDING", Pending), ("FAKE_AZ_PENDING_CALLS", "2")));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(3, run.AzCalls.Count(c => c.StartsWith(Refresh, StringComparison.Ordinal)));
        Assert.Contains("waiting for Subjects__HashKey AccessToKeyVaultDenied", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_still_unresolved_at_the_deadline_fail_the_provision_and_are_named()
    {
        var run = await HookScript.RunAsync("postprovision.sh",
            Environment(("FAKE_AZ_PENDING", Pending), ("FAKE_AZ_PENDING_CALLS", "1000"), ("KEY_VAULT_REFERENCES_TIMEOUT_SECONDS", "0")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Subjects__HashKey\tAccessToKeyVaultDenied", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe__SigningKeys", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postprovision", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("/api/health answers 503", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_refresh_says_how_to_run_the_hook_again()
    {
        var run = await HookScript.RunAsync("postprovision.sh", Environment(("FAKE_AZ_FAIL", "1")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("az login", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postprovision", run.StandardError, StringComparison.Ordinal);
    }
}
