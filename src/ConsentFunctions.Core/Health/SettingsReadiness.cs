using System.Text.RegularExpressions;
using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Health;

/// <summary>One setting that keeps the app from working, named as an app setting (<c>Section__Key</c>).</summary>
public sealed record SettingProblem(string Setting, string Problem);

/// <summary>
/// Whether the settings the app needs are there and usable. In Azure, a Key Vault reference the
/// platform could not resolve (say, on a first start while the app's role on the vault is
/// seconds old) is not an error: the setting keeps the literal text <c>@Microsoft.KeyVault(…)</c>
/// and the platform does not retry for up to a day. The app would start and fail on every
/// capture, so the health route says so. Problems name settings, never their values.
/// </summary>
public sealed partial class SettingsReadiness(IConfiguration configuration)
{
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    public IReadOnlyList<SettingProblem> Problems()
    {
        var problems = new List<SettingProblem>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not null && value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new SettingProblem(SettingName(key),
                    "is an unresolved Key Vault reference: the platform could not read the secret (missing secret, or the app identity lacks Key Vault Secrets User). Fix it, then refresh the references (docs/DEPLOY.md)."));
            }
        }
        var unresolved = problems.Select(p => p.Setting).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The secrets without which no consent can be stored or unsubscribe link signed: checked
        // with the very constructors that use them, so the rules cannot drift apart.
        var subjects = Bind<SubjectOptions>(SubjectOptions.Section, problems);
        if (subjects is not null && !unresolved.Contains("Subjects__HashKey"))
        {
            if (string.IsNullOrWhiteSpace(subjects.HashKey))
            {
                problems.Add(new SettingProblem("Subjects__HashKey", "is missing: the base64 key (at least 32 random bytes) that keys every stored person."));
            }
            else
            {
                Check("Subjects__HashKey", problems, () => _ = new SubjectKeyHasher(Options.Create(subjects)));
            }
        }

        var unsubscribe = Bind<UnsubscribeOptions>(UnsubscribeOptions.Section, problems);
        if (unsubscribe is not null && !unresolved.Contains("Unsubscribe__SigningKeys"))
        {
            if (string.IsNullOrWhiteSpace(unsubscribe.SigningKeys))
            {
                problems.Add(new SettingProblem("Unsubscribe__SigningKeys", "is missing: keyId=base64 (at least 32 random bytes), the key that signs unsubscribe links."));
            }
            else
            {
                Check("Unsubscribe__SigningKeys", problems, () => _ = new UnsubscribeTokenSigner(Options.Create(unsubscribe)));
            }
        }
        if (unsubscribe is not null && !unresolved.Contains("Unsubscribe__BaseUrl"))
        {
            CheckOptionalUrl("Unsubscribe__BaseUrl", unsubscribe.BaseUrl, problems);
        }

        var alerts = Bind<AlertOptions>(AlertOptions.Section, problems);
        if (alerts is not null && !unresolved.Contains("Alerts__WebhookUrl"))
        {
            CheckOptionalUrl("Alerts__WebhookUrl", alerts.WebhookUrl, problems);
        }

        // An SMTP server that needs a login without its password: every email would fail.
        var smtp = Bind<SmtpOptions>(SmtpOptions.Section, problems);
        if (smtp is not null && !string.IsNullOrWhiteSpace(smtp.Host) && smtp.User.Length > 0
            && string.IsNullOrWhiteSpace(smtp.Password) && !unresolved.Contains("Smtp__Password"))
        {
            problems.Add(new SettingProblem("Smtp__Password", "is missing: Smtp__User is set, and the SMTP server needs its password (a Key Vault reference in Azure)."));
        }

        // The other sections only need to bind: a value of the wrong type fails every function that reads it.
        Bind<StorageOptions>("Storage", problems);
        Bind<CaptureOptions>(CaptureOptions.Section, problems);
        Bind<CorsOptions>(CorsOptions.Section, problems);
        Bind<RulesOptions>(RulesOptions.Section, problems);
        Bind<RetentionOptions>(RetentionOptions.Section, problems);
        Bind<BreachOptions>(BreachOptions.Section, problems);
        return problems;
    }

    private T? Bind<T>(string section, List<SettingProblem> problems) where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key ("… value at 'Retention:ProspectYears' to type …"), not its value.
            var key = ConfigurationPath().Match(e.Message);
            var setting = key.Success ? SettingName(key.Groups["key"].Value) : section + "__*";
            if (!problems.Any(p => string.Equals(p.Setting, setting, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new SettingProblem(setting, "has a value of the wrong type."));
            }
            return null;
        }
    }

    private static void Check(string setting, List<SettingProblem> problems, Action construct)
    {
        try
        {
            construct();
        }
        catch (InvalidOperationException e)
        {
            // These messages describe the rule, never the value.
            problems.Add(new SettingProblem(setting, "is not usable: " + e.Message));
        }
    }

    private static void CheckOptionalUrl(string setting, string? value, List<SettingProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        if (!HttpUrls.IsValid(value))
        {
            problems.Add(new SettingProblem(setting, "is not an absolute http(s) URL."));
        }
    }

    private static string SettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"at '(?<key>[^']+)'")]
    private static partial Regex ConfigurationPath();
}
