namespace ConsentFunctions.Tests.Deployment.Hooks;

/// <summary>
/// infra/hooks/preprovision.sh stops `azd up` before anything is created when the app would lack
/// the subject hash key or the signing keys, or when a provision would replace the hash key.
/// </summary>
public class PreprovisionHookTests
{
    private const string VaultId = "/subscriptions/sub-1/resourceGroups/rg-consent-test/providers/Microsoft.KeyVault/vaults/kv-abc";
    private static readonly string HashKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string SigningKeys = "k1=" + Convert.ToBase64String(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray());

    private static Dictionary<string, string> Environment(params (string Key, string Value)[] values)
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "consent-test",
            ["AZURE_SUBSCRIPTION_ID"] = "sub-1",
            ["FAKE_AZ_GROUP_EXISTS"] = "false",
        };
        foreach (var (key, value) in values)
        {
            environment[key] = value;
        }
        return environment;
    }

    private static (string, string)[] ExistingVault(string secrets)
        => [("FAKE_AZ_GROUP_EXISTS", "true"), ("AZURE_RESOURCE_GROUP", "rg-consent-test"), ("FAKE_AZ_VAULT_ID", VaultId), ("FAKE_AZ_SECRETS", secrets)];

    [Fact]
    public async Task A_first_deployment_without_the_keys_stops_and_says_how_to_generate_them()
    {
        var run = await HookScript.RunAsync("preprovision.sh", Environment());
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing was provisioned", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd env set SUBJECTS_HASH_KEY \"$(openssl rand -base64 32)\"", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd env set UNSUBSCRIBE_SIGNING_KEYS \"k1=$(openssl rand -base64 32)\"", run.StandardError, StringComparison.Ordinal);
        // The resource group is found by its name (rg-<environment>) before the first provision has output it.
        Assert.Contains(run.AzCalls, c => c.StartsWith("group exists --name rg-consent-test --subscription sub-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_deployment_with_valid_keys_goes_on_and_prints_no_secret()
    {
        var run = await HookScript.RunAsync("preprovision.sh", Environment(("SUBJECTS_HASH_KEY", HashKey), ("UNSUBSCRIBE_SIGNING_KEYS", SigningKeys)));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("first deployment", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(HashKey, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningKeys[3..], run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUBJECTS_HASH_KEY", "c2hvcnQ=", "SUBJECTS_HASH_KEY must be base64 of at least 32 random bytes")]
    [InlineData("SUBJECTS_HASH_KEY", "not base64 at all!", "SUBJECTS_HASH_KEY must be base64 of at least 32 random bytes")]
    [InlineData("UNSUBSCRIBE_SIGNING_KEYS", "no-key-id", "an entry has no keyId=")]
    [InlineData("UNSUBSCRIBE_SIGNING_KEYS", "k1=c2hvcnQ=", "the key 'k1' must be base64 of at least 32 random bytes")]
    [InlineData("ALERTS_WEBHOOK_ENABLED", "yes", "ALERTS_WEBHOOK_ENABLED must be true or false")]
    [InlineData("ALERTS_WEBHOOK_URL", "hooks.example.fr/x", "ALERTS_WEBHOOK_URL must be an absolute http(s) URL")]
    public async Task A_malformed_value_stops_with_the_rule_and_without_the_value(string key, string value, string message)
    {
        var given = new Dictionary<string, string> { ["SUBJECTS_HASH_KEY"] = HashKey, ["UNSUBSCRIBE_SIGNING_KEYS"] = SigningKeys, [key] = value };
        var run = await HookScript.RunAsync("preprovision.sh", Environment(given.Select(p => (p.Key, p.Value)).ToArray()));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(value, run.Output.Replace(message, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_deployment_needs_no_key_when_the_vault_holds_them()
    {
        var run = await HookScript.RunAsync("preprovision.sh", Environment(ExistingVault("subjects-hash-key unsubscribe-signing-keys")));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("secrets are complete", run.StandardOutput, StringComparison.Ordinal);
        // Names only, through the control plane: no data-plane role on the vault is needed.
        Assert.Contains(run.AzCalls, c => c.Contains($"--url https://management.azure.com{VaultId}/secrets?api-version=", StringComparison.Ordinal));
        Assert.DoesNotContain(run.AzCalls, c => c.StartsWith("keyvault secret show", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_neither_given_nor_stored_stops_the_deployment()
    {
        var run = await HookScript.RunAsync("preprovision.sh", Environment(ExistingVault("subjects-hash-key")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No unsubscribe signing key", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("No subject hash key", run.StandardError, StringComparison.Ordinal);

        var rotated = await HookScript.RunAsync("preprovision.sh", Environment([.. ExistingVault("subjects-hash-key"), ("UNSUBSCRIBE_SIGNING_KEYS", SigningKeys)]));
        Assert.True(rotated.ExitCode == 0, rotated.Output);
    }

    [Fact]
    public async Task A_new_hash_key_for_a_vault_that_holds_one_is_refused()
    {
        var run = await HookScript.RunAsync("preprovision.sh",
            Environment([.. ExistingVault("subjects-hash-key unsubscribe-signing-keys"), ("SUBJECTS_HASH_KEY", HashKey)]));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already holds subjects-hash-key", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd env set SUBJECTS_HASH_KEY \"\"", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_switch_needs_a_url_given_or_stored()
    {
        var missing = await HookScript.RunAsync("preprovision.sh",
            Environment([.. ExistingVault("subjects-hash-key unsubscribe-signing-keys"), ("ALERTS_WEBHOOK_ENABLED", "true")]));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ALERTS_WEBHOOK_ENABLED is true but no webhook URL", missing.StandardError, StringComparison.Ordinal);

        var stored = await HookScript.RunAsync("preprovision.sh",
            Environment([.. ExistingVault("subjects-hash-key unsubscribe-signing-keys alerts-webhook-url"), ("ALERTS_WEBHOOK_ENABLED", "true")]));
        Assert.True(stored.ExitCode == 0, stored.Output);

        var off = await HookScript.RunAsync("preprovision.sh",
            Environment([.. ExistingVault("subjects-hash-key unsubscribe-signing-keys"), ("ALERTS_WEBHOOK_URL", "https://hooks.example.fr/x")]));
        Assert.True(off.ExitCode == 0, off.Output);
        Assert.Contains("azd env set ALERTS_WEBHOOK_ENABLED true", off.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_cli_that_is_not_logged_in_stops_with_what_to_do()
    {
        var run = await HookScript.RunAsync("preprovision.sh",
            Environment(("SUBJECTS_HASH_KEY", HashKey), ("UNSUBSCRIBE_SIGNING_KEYS", SigningKeys), ("FAKE_AZ_FAIL", "1")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("az login", run.StandardError, StringComparison.Ordinal);
    }
}
