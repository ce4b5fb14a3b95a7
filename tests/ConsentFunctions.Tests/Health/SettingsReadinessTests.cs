using ConsentFunctions.Core.Health;
using ConsentFunctions.Health;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.Tests.Health;

/// <summary>
/// In Azure an unresolved Key Vault reference leaves its literal text in the setting: the health
/// route must answer 503 and name the setting, so the first deployment cannot look healthy.
/// </summary>
public class SettingsReadinessTests
{
    private const string HashKeyReference = "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/subjects-hash-key)";
    private const string SigningKeysReference = "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/unsubscribe-signing-keys)";

    private static readonly string HashKey = Convert.ToBase64String(new byte[32]);

    private static IReadOnlyList<SettingProblem> Problems(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Subjects:HashKey"] = HashKey,
            ["Unsubscribe:SigningKeys"] = TestSettings.SigningKeys,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return new SettingsReadiness(new ConfigurationBuilder().AddInMemoryCollection(all).Build()).Problems();
    }

    [Fact]
    public void Usable_settings_have_no_problem()
    {
        Assert.Empty(Problems());
        Assert.Empty(Problems(("Alerts:WebhookUrl", "https://hooks.example.fr/breach?code=abc"), ("Unsubscribe:BaseUrl", "https://consent.example.fr")));
        Assert.Empty(Problems(("Alerts:WebhookUrl", ""), ("Cors:AllowedOrigins", "")));
    }

    [Theory]
    [InlineData("Subjects:HashKey", "Subjects__HashKey")]
    [InlineData("Unsubscribe:SigningKeys", "Unsubscribe__SigningKeys")]
    public void A_missing_required_secret_is_named(string key, string setting)
    {
        foreach (var value in new[] { null, "", "  " })
        {
            var problem = Assert.Single(Problems((key, value)));
            Assert.Equal(setting, problem.Setting);
            Assert.StartsWith("is missing", problem.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unresolved_key_vault_reference_is_named_once_and_not_echoed()
    {
        var problems = Problems(("Subjects:HashKey", HashKeyReference), ("Unsubscribe:SigningKeys", SigningKeysReference));
        Assert.Equal(["Subjects__HashKey", "Unsubscribe__SigningKeys"], problems.Select(p => p.Setting).Order());
        Assert.All(problems, p => Assert.Contains("unresolved Key Vault reference", p.Problem, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("vault.azure.net", p.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Any_setting_left_as_a_key_vault_reference_is_a_problem()
    {
        // Optional or unknown to the app, an unresolved reference still means the deployment is not what was meant.
        var problem = Assert.Single(Problems(("Alerts:WebhookUrl", "  @microsoft.keyvault(VaultName=kv-abc;SecretName=alerts-webhook-url)")));
        Assert.Equal("Alerts__WebhookUrl", problem.Setting);
        Assert.Equal("Custom__Thing", Assert.Single(Problems(("Custom:Thing", "@Microsoft.KeyVault(SecretUri=https://x/secrets/y)"))).Setting);
        // Mentioning the syntax elsewhere in a value is not a reference.
        Assert.Empty(Problems(("Notes:Text", "see @Microsoft.KeyVault( in the docs")));
    }

    [Theory]
    [InlineData("Subjects:HashKey", "not base64!", "Subjects__HashKey")]
    [InlineData("Subjects:HashKey", "c2hvcnQ=", "Subjects__HashKey")]
    [InlineData("Unsubscribe:SigningKeys", "no-equals-sign", "Unsubscribe__SigningKeys")]
    [InlineData("Unsubscribe:SigningKeys", "k1=c2hvcnQ=", "Unsubscribe__SigningKeys")]
    [InlineData("Alerts:WebhookUrl", "hooks.example.fr/breach", "Alerts__WebhookUrl")]
    [InlineData("Alerts:WebhookUrl", "ftp://hooks.example.fr/breach", "Alerts__WebhookUrl")]
    [InlineData("Unsubscribe:BaseUrl", "/relative", "Unsubscribe__BaseUrl")]
    public void An_unusable_value_is_named_without_its_value(string key, string value, string setting)
    {
        var problem = Assert.Single(Problems((key, value)));
        Assert.Equal(setting, problem.Setting);
        Assert.DoesNotContain(value, problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Retention:ProspectYears", "three", "Retention__ProspectYears")]
    [InlineData("Rules:PhoneOptInFrom", "soon", "Rules__PhoneOptInFrom")]
    [InlineData("Alerts:WebhookRetries", "many", "Alerts__WebhookRetries")]
    [InlineData("Storage:MaxRetries", "x", "Storage__MaxRetries")]
    [InlineData("Breaches:AlertLease", "long", "Breaches__AlertLease")]
    public void A_value_of_the_wrong_type_is_named(string key, string value, string setting)
    {
        var problem = Assert.Single(Problems((key, value)));
        Assert.Equal(setting, problem.Setting);
        Assert.DoesNotContain(value, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_503_problem_json_naming_each_setting_and_touches_no_storage()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Subjects:HashKey"] = HashKeyReference,
            ["Unsubscribe:SigningKeys"] = null,
            // Settings come first: even a dead storage is not asked.
            ["AzureWebJobsStorage"] = DeadStorage.ConnectionString,
            ["Storage:MaxRetries"] = "0",
        });
        var request = app.Request("GET", (byte[]?)null, null);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<HealthFunction>().Run(request));

        answer.AssertProblem(503);
        Assert.Equal("urn:consentfunctions:problem:not-ready", answer.Json.GetProperty("type").GetString());
        var errors = answer.Json.GetProperty("errors");
        Assert.Equal(["Subjects__HashKey", "Unsubscribe__SigningKeys"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("Subjects__HashKey", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("vault.azure.net", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_once_the_references_resolve()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = "https://hooks.example.fr/breach",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://francecentral-1.in.applicationinsights.azure.com/",
        });
        var request = app.Request("GET", (byte[]?)null, null);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<HealthFunction>().Run(request));
        Assert.Equal(200, answer.Status);
    }
}
