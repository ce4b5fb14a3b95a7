using ConsentFunctions.Core.Health;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

// Not ...Tests.Email: that namespace would hide DecisionCalls.Email(...) in the other test namespaces.
namespace ConsentFunctions.Tests.Emails;

/// <summary>Start-up checks of Smtp:* and Breaches:AlertEmails, and what /api/health says of the password.</summary>
public class SmtpSettingsTests
{
    private const string InAzure = "WEBSITE_INSTANCE_ID";

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await FunctionTestApp.CreateAsync(settings));
        return string.Join(" ", error.Failures);
    }

    private static Dictionary<string, string?> Smtp(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "smtp.example.fr", ["Smtp:Port"] = "587", ["Smtp:From"] = "Boutique <no-reply@example.fr>",
            ["Smtp:User"] = "apikey", ["Smtp:Password"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/smtp-password)",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Theory]
    [InlineData("Smtp:Host", "smtp://smtp.example.fr")]
    [InlineData("Smtp:Port", "0")]
    [InlineData("Smtp:Port", "70000")]
    [InlineData("Smtp:From", "")]
    [InlineData("Smtp:From", "not an address")]
    [InlineData("Smtp:Timeout", "00:00:00")]
    [InlineData("Breaches:AlertEmails", "dpo@example.fr, not-an-address")]
    [InlineData("Breaches:AlertEmails", "DPO <dpo@example.fr>")]
    public async Task A_bad_email_setting_stops_the_app_at_start_naming_it(string key, string value)
    {
        var failure = await StartFailureAsync(Smtp((key, value)));
        Assert.Contains(key, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Breaches:AlertEmails", "dpo@example.fr")]
    [InlineData("DoubleOptIn:Channels", "email")]
    [InlineData("DoubleOptIn:Channels:0", "email")]
    public async Task In_Azure_Smtp_Host_is_required_once_an_email_can_be_asked_for(string key, string value)
    {
        var failure = await StartFailureAsync(new Dictionary<string, string?> { [InAzure] = "0123456789abcdef", [key] = value });
        Assert.Contains("Smtp:Host is required in Azure", failure, StringComparison.Ordinal);
        Assert.Contains(key.Split(':')[0], failure, StringComparison.Ordinal);

        // Locally the same settings start: emails go to the local host's console.
        await using var local = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { [key] = value });
    }

    [Fact]
    public async Task In_Azure_without_email_settings_no_SMTP_server_is_needed_and_plain_text_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { [InAzure] = "0123456789abcdef", ["DoubleOptIn:Channels"] = "" });
        var failure = await StartFailureAsync(Smtp((InAzure, "0123456789abcdef"), ("Smtp:AllowPlaintext", "true")));
        Assert.Contains("Smtp:AllowPlaintext", failure, StringComparison.Ordinal);
        // STARTTLS everywhere else, and plain text allowed off Azure for a local server.
        await using var withTls = await FunctionTestApp.CreateAsync(Smtp((InAzure, "0123456789abcdef"), ("Breaches:AlertEmails", "dpo@example.fr")));
        await using var local = await FunctionTestApp.CreateAsync(Smtp(("Smtp:AllowPlaintext", "true")));
    }

    [Fact]
    public void An_unresolved_or_missing_password_is_reported_by_health_not_at_start()
    {
        var pending = new SettingsReadiness(new ConfigurationBuilder().AddInMemoryCollection(Smtp()).Build()).Problems();
        Assert.Contains(pending, p => p.Setting == "Smtp__Password" && p.Problem.Contains("Key Vault", StringComparison.Ordinal));
        Assert.DoesNotContain(pending, p => p.Problem.Contains("kv.vault", StringComparison.Ordinal));

        var missing = new SettingsReadiness(new ConfigurationBuilder().AddInMemoryCollection(Smtp(("Smtp:Password", ""))).Build()).Problems();
        Assert.Contains(missing, p => p.Setting == "Smtp__Password" && p.Problem.StartsWith("is missing", StringComparison.Ordinal));

        var fine = new SettingsReadiness(new ConfigurationBuilder().AddInMemoryCollection(Smtp(("Smtp:Password", "s3cret"))).Build()).Problems();
        Assert.DoesNotContain(fine, p => p.Setting.StartsWith("Smtp", StringComparison.Ordinal));
    }
}
