using System.Text.Json;
using ConsentFunctions.Core.Settings;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Tests.Unsubscribe;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Tests.Settings;

/// <summary>A bad setting stops the app when it starts; development secrets never serve beyond this machine.</summary>
public class SettingsValidationTests
{
    private const string Exposed = "Exposed";

    private static Dictionary<string, string?> With(string key, string? value, bool inAzure = false)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (inAzure)
        {
            settings["WEBSITE_INSTANCE_ID"] = "0123456789abcdef";
        }
        return settings;
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await FunctionTestApp.CreateAsync(settings));
        return string.Join(" ", error.Failures);
    }

    [Theory]
    [InlineData("Subjects:HashKey", "not base64!")]
    [InlineData("Subjects:HashKey", "c2hvcnQ=")]
    [InlineData("Unsubscribe:SigningKeys", "k1=c2hvcnQ=")]
    [InlineData("Unsubscribe:SigningKeys", "k|1=dGVzdHMtb25seS1jdXJyZW50LXVuc3Vic2NyaWJlLWtleS0zMmIhIQ==")]
    [InlineData("Unsubscribe:SigningKeys", "no-equals-sign")]
    [InlineData("Unsubscribe:BaseUrl", "consent.example.fr")]
    [InlineData("Unsubscribe:BaseUrl", "https://consent.example.fr/?x=1")]
    [InlineData("Cors:AllowedOrigins", "https://shop.example.fr/path")]
    [InlineData("Cors:AllowedOrigins", "shop.example.fr")]
    [InlineData("Storage:MaxRetries", "99")]
    [InlineData("Storage:TablePrefix", "has-dash")]
    [InlineData("Retention:ProofYears", "0")]
    [InlineData("Capture:ExtraPurposes", "ok,Not Ok")]
    [InlineData("Alerts:WebhookUrl", "not a url")]
    public async Task A_bad_setting_stops_the_app_at_start_naming_the_setting(string key, string value)
    {
        var failure = await StartFailureAsync(With(key, value));
        Assert.Contains(key.Split(':')[0], failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Subjects:HashKey", DevelopmentSecrets.SubjectHashKey)]
    [InlineData("Unsubscribe:SigningKeys", "local1=" + DevelopmentSecrets.UnsubscribeSigningKey)]
    [InlineData("Unsubscribe:BaseUrl", "")]
    [InlineData("Unsubscribe:BaseUrl", "http://consent.example.fr")]
    // A missing secret (or an unresolved Key Vault reference) does not stop the app: /api/health
    // answers 503 naming it until the platform resolves it (SettingsReadinessTests).
    public async Task Development_secrets_and_defaults_are_refused_in_Azure(string key, string value)
    {
        var failure = await StartFailureAsync(With(key, value, inAzure: true));
        Assert.Contains(key, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Subjects:HashKey", DevelopmentSecrets.SubjectHashKey)]
    [InlineData("Unsubscribe:SigningKeys", "local1=" + DevelopmentSecrets.UnsubscribeSigningKey)]
    [InlineData("Unsubscribe:BaseUrl", "")]
    public async Task Development_secrets_and_defaults_are_refused_when_the_host_listens_beyond_this_machine(string key, string value)
    {
        var settings = With(key, value);
        settings["urls"] = "http://0.0.0.0:0";
        var failure = await StartFailureAsync(settings);
        Assert.Contains(key, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_refuses_to_start_beyond_this_machine_with_the_sample_secrets()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["urls"] = "http://0.0.0.0:0",
            ["LocalHost:AdminKey"] = "an-admin-key-of-our-own-1234",
            ["Subjects:HashKey"] = DevelopmentSecrets.SubjectHashKey,
        }));
        Assert.Contains("Subjects:HashKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_secrets_still_serve_a_loopback_development_host()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Subjects:HashKey"] = DevelopmentSecrets.SubjectHashKey,
            ["Unsubscribe:SigningKeys"] = "local1=" + DevelopmentSecrets.UnsubscribeSigningKey,
            ["Unsubscribe:BaseUrl"] = "",
        });
        Assert.Equal(200, (await app.CreateLinkAsync(Forms.UniqueEmail())).Status);
    }

    [Fact]
    public void The_known_development_secrets_are_those_of_the_committed_sample()
    {
        var root = RepositoryRoot.Find()!;
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        Assert.Equal(DevelopmentSecrets.SubjectHashKey, values.GetProperty("Subjects__HashKey").GetString());
        Assert.EndsWith("=" + DevelopmentSecrets.UnsubscribeSigningKey, values.GetProperty("Unsubscribe__SigningKeys").GetString(), StringComparison.Ordinal);
        Assert.Equal(DevelopmentSecrets.AdminKey, values.GetProperty("LocalHost__AdminKey").GetString());
    }

    [Fact]
    public async Task Links_name_the_configured_base_url_never_the_requests_host()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Unsubscribe:BaseUrl"] = "https://links.example.fr" });
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["subject"] = new System.Text.Json.Nodes.JsonObject { ["email"] = Forms.UniqueEmail() }, ["channel"] = "email", ["purpose"] = "marketing",
        };
        var request = app.Request("POST", body.ToJsonString(), headers: new Dictionary<string, string> { ["X-Forwarded-Host"] = "evil.example" });
        request.Host = new Microsoft.AspNetCore.Http.HostString("evil.example");
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<ConsentFunctions.Unsubscribe.UnsubscribeLinkFunction>().Run(request));
        Assert.StartsWith("https://links.example.fr/api/unsubscribe?token=", answer.Json.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil", answer.Body, StringComparison.Ordinal);
    }
}
