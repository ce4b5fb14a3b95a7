using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Settings;

/// <summary>
/// Every setting is checked when the host starts (<c>ValidateOnStart</c>), so a bad one stops the
/// app with a message naming it, instead of failing the first request that needs it. README's
/// security section lists these checks.
/// </summary>
public static class SettingsValidation
{
    public static IServiceCollection AddValidatedSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var exposure = HostExposure.From(configuration);
        services.AddSingleton(exposure);
        Add<StorageOptions>(services, configuration.GetSection("Storage"), (o, e) => Storage(o, e));
        Add<SubjectOptions>(services, configuration.GetSection(SubjectOptions.Section), (o, e) => Subjects(o, exposure, e));
        Add<CaptureOptions>(services, configuration.GetSection(CaptureOptions.Section), (o, e) => Capture(o, e));
        Add<CorsOptions>(services, configuration.GetSection(CorsOptions.Section), (o, e) => Cors(o, e));
        Add<RetentionOptions>(services, configuration.GetSection(RetentionOptions.Section), (o, e) => Retention(o, e));
        Add<UnsubscribeOptions>(services, configuration.GetSection(UnsubscribeOptions.Section), (o, e) => Unsubscribe(o, exposure, e));
        Add<LinkOptions>(services, configuration.GetSection(LinkOptions.Section), (o, e) => Links(o, e));
        Add<AlertOptions>(services, configuration.GetSection(AlertOptions.Section), (o, e) => Alerts(o, exposure, e));
        Add<DoubleOptInOptions>(services, configuration.GetSection(DoubleOptInOptions.Section), (o, e) => DoubleOptIn(o, configuration, e));
        Add<BreachOptions>(services, configuration.GetSection(BreachOptions.Section), (o, e) => Breaches(o, e));
        var emailReasons = EmailReasons(configuration);
        Add<SmtpOptions>(services, configuration.GetSection(SmtpOptions.Section), (o, e) => Smtp(o, exposure, emailReasons, e));
        return services;
    }

    private static void Add<T>(IServiceCollection services, IConfigurationSection section, Action<T, List<string>> check) where T : class
    {
        services.AddOptions<T>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Checks<T>(check));
    }

    private sealed class Checks<T>(Action<T, List<string>> check) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = new List<string>();
            check(options, errors);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private static void Storage(StorageOptions o, List<string> errors)
    {
        if (o.MaxRetries is < 0 or > 10)
        {
            errors.Add("Storage:MaxRetries must be between 0 and 10.");
        }
        if (o.TablePrefix.Length > 20 || !o.TablePrefix.All(char.IsAsciiLetterOrDigit) || o.TablePrefix.Length > 0 && !char.IsAsciiLetter(o.TablePrefix[0]))
        {
            errors.Add("Storage:TablePrefix must be at most 20 letters and digits, starting with a letter (table names allow nothing else).");
        }
        if (o.QueuePrefix.Length > 20 || !o.QueuePrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add("Storage:QueuePrefix must be at most 20 lower-case letters, digits and hyphens.");
        }
    }

    /// <summary>
    /// A secret not there yet: empty, or a Key Vault reference the platform has not resolved (it
    /// does so after the app starts, and retries on a refresh). The app starts and /api/health
    /// answers 503 naming it (Health/SettingsReadiness.cs), rather than crash-looping unseen.
    /// </summary>
    private static bool Pending(string? secret)
        => string.IsNullOrWhiteSpace(secret) || secret.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    private static void Subjects(SubjectOptions o, HostExposure exposure, List<string> errors)
    {
        if (Pending(o.HashKey))
        {
            return;
        }
        if (Base64Secret(o.HashKey) is not { Length: >= 32 })
        {
            errors.Add("Subjects:HashKey must be base64 of at least 32 random bytes.");
        }
        else if (exposure.IsExposed && o.HashKey.Trim() == DevelopmentSecrets.SubjectHashKey)
        {
            errors.Add("Subjects:HashKey is the committed development key, which anyone can read: set a random key of your own (and never change it).");
        }
    }

    private static void Capture(CaptureOptions o, List<string> errors)
    {
        foreach (var purpose in o.ExtraPurposes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (purpose.Length > 50 || !purpose.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !purpose.Any(char.IsAsciiLetter))
            {
                errors.Add("Capture:ExtraPurposes must be comma-separated names of lower-case letters, digits and hyphens (at most 50 each).");
                return;
            }
        }
    }

    private static void Cors(CorsOptions o, List<string> errors)
    {
        foreach (var origin in o.AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!HttpUrls.TryParse(origin, out var uri)
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                errors.Add("Cors:AllowedOrigins must be comma-separated origins such as https://shop.example.fr (scheme, host and port only).");
                return;
            }
        }
    }

    private static void Retention(RetentionOptions o, List<string> errors)
    {
        if (new[] { o.ProspectYears, o.CustomerYears, o.ProofYears, o.DecisionYears }.Any(y => y is < 1 or > 100))
        {
            errors.Add("Retention:ProspectYears, CustomerYears, ProofYears and DecisionYears must be between 1 and 100.");
        }
        // An objection is honoured at least as long as the CNIL asks (3 years), or for good (0).
        if (o.SuppressionYears is not (0 or (>= 3 and <= 100)))
        {
            errors.Add("Retention:SuppressionYears must be 0 (never expire) or from 3 (the CNIL's minimum) to 100.");
        }
        if (o.TimeBudget <= TimeSpan.Zero || o.TimeBudget > TimeSpan.FromHours(1) || o.HttpTimeBudget <= TimeSpan.Zero || o.HttpTimeBudget > TimeSpan.FromMinutes(10))
        {
            errors.Add("Retention:TimeBudget must be positive and at most 1 hour, Retention:HttpTimeBudget positive and at most 10 minutes.");
        }
    }

    private static void Links(LinkOptions o, List<string> errors)
    {
        if (o.PreferenceDays is < 1 or > 365)
        {
            errors.Add("Links:PreferenceDays must be from 1 to 365.");
        }
    }

    private static void DoubleOptIn(DoubleOptInOptions o, IConfiguration configuration, List<string> errors)
    {
        if (o.ExpiryDays is < 1 or > 90)
        {
            errors.Add("DoubleOptIn:ExpiryDays must be from 1 to 90.");
        }
        var channels = o.ChannelSet();
        if (channels.Any(c => !DoubleOptInOptions.Confirmable.Contains(c)))
        {
            errors.Add("DoubleOptIn:Channels may only name email (a confirmation is an email), or be empty to turn double opt-in off.");
        }
        if (channels.Count == 0)
        {
            return;
        }
        // The email carries a signed link and names the business.
        if (string.IsNullOrWhiteSpace(configuration[$"{UnsubscribeOptions.Section}:{nameof(UnsubscribeOptions.SigningKeys)}"]))
        {
            errors.Add("DoubleOptIn:Channels needs Unsubscribe:SigningKeys: confirmation links are signed with them.");
        }
        if (string.IsNullOrWhiteSpace(configuration["Rules:ControllerNames"]))
        {
            errors.Add("DoubleOptIn:Channels needs Rules:ControllerNames: the confirmation email names the business.");
        }
    }

    private static void Unsubscribe(UnsubscribeOptions o, HostExposure exposure, List<string> errors)
    {
        if (Pending(o.SigningKeys))
        {
            return;
        }
        var keys = o.SigningKeys.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in keys)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var id = eq > 0 ? entry[..eq] : string.Empty;
            // The id travels in the token, whose fields '|' separates.
            if (id.Length is 0 or > 32 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !ids.Add(id))
            {
                errors.Add("Unsubscribe:SigningKeys must be keyId=base64;keyId2=base64 with distinct ids of letters, digits, - and _.");
                return;
            }
            var secret = entry[(eq + 1)..];
            if (Base64Secret(secret) is not { Length: >= 32 })
            {
                errors.Add($"Unsubscribe:SigningKeys: key '{id}' must be base64 of at least 32 random bytes.");
            }
            else if (exposure.IsExposed && secret == DevelopmentSecrets.UnsubscribeSigningKey)
            {
                errors.Add($"Unsubscribe:SigningKeys: key '{id}' is the committed development key, with which anyone could mint links: set random keys of your own.");
            }
        }
        if (exposure.IsExposed && keys.Length == 0)
        {
            errors.Add("Unsubscribe:SigningKeys is required: every message needs its unsubscribe link.");
        }
        if (o.BaseUrl.Length > 0 && !IsBaseUrl(o.BaseUrl, requireHttps: exposure.IsExposed))
        {
            errors.Add("Unsubscribe:BaseUrl must be an absolute URL (https where the app can be reached from elsewhere), without query or fragment.");
        }
        else if (o.BaseUrl.Length == 0 && exposure.IsExposed)
        {
            errors.Add("Unsubscribe:BaseUrl is required where the app can be reached from elsewhere: links are never built from the request's Host header.");
        }
    }

    private static void Alerts(AlertOptions o, HostExposure exposure, List<string> errors)
    {
        if (!string.IsNullOrEmpty(o.WebhookUrl) && !IsBaseUrl(o.WebhookUrl, requireHttps: exposure.IsExposed, allowQuery: true))
        {
            errors.Add("Alerts:WebhookUrl must be an absolute URL (https where the app can be reached from elsewhere).");
        }
        if (o.WebhookRetries is < 0 or > 10 || o.WebhookTimeout <= TimeSpan.Zero || o.WebhookBackoff < TimeSpan.Zero)
        {
            errors.Add("Alerts:WebhookRetries must be between 0 and 10, WebhookTimeout positive, WebhookBackoff not negative.");
        }
    }

    private static void Breaches(BreachOptions o, List<string> errors)
    {
        if (o.AlertLease <= TimeSpan.Zero)
        {
            errors.Add("Breaches:AlertLease must be positive.");
        }
        var addresses = o.AlertEmailList();
        if (addresses.Count > 20 || !addresses.All(IsAddress))
        {
            errors.Add("Breaches:AlertEmails must be at most 20 comma-separated email addresses (no display names).");
        }
    }

    /// <summary>
    /// The settings that make the app send email: with any of them set, an app in Azure needs an
    /// SMTP server, since the local console is never used there. DoubleOptIn:Channels is read
    /// as written (a comma-separated list, or an array in configuration).
    /// </summary>
    private static List<string> EmailReasons(IConfiguration configuration)
    {
        var reasons = new List<string>();
        foreach (var key in new[] { "DoubleOptIn:Channels", BreachOptions.Section + ":" + nameof(BreachOptions.AlertEmails) })
        {
            var section = configuration.GetSection(key);
            if (!string.IsNullOrWhiteSpace(section.Value?.Replace(",", string.Empty, StringComparison.Ordinal))
                || section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value)))
            {
                reasons.Add(key);
            }
        }
        return reasons;
    }

    private static void Smtp(SmtpOptions o, HostExposure exposure, List<string> emailReasons, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            if (exposure.InAzure && emailReasons.Count > 0)
            {
                errors.Add($"Smtp:Host is required in Azure when {string.Join(" or ", emailReasons)} is set: emails are only ever printed to the console of the local host.");
            }
            return;
        }
        if (Uri.CheckHostName(o.Host.Trim()) == UriHostNameType.Unknown)
        {
            errors.Add("Smtp:Host must be a host name or an IP address (no scheme, no port).");
        }
        if (o.Port is < 1 or > 65535)
        {
            errors.Add("Smtp:Port must be from 1 to 65535 (587 for submission with STARTTLS, 465 for TLS from the start).");
        }
        if (!MimeKit.MailboxAddress.TryParse(o.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("Smtp:From must be the sender's address, \"Name <address@domain>\" or a bare address.");
        }
        // Pending(o.Password): a Key Vault reference not resolved yet is reported by /api/health, not here.
        if (o.AllowPlaintext && exposure.InAzure)
        {
            errors.Add("Smtp:AllowPlaintext is for a local test server: in Azure every email goes over TLS (STARTTLS or port 465).");
        }
        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("Smtp:Timeout must be positive and at most 5 minutes.");
        }
    }

    private static bool IsAddress(string address)
    {
        try
        {
            _ = EmailMime.Recipient(address);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsBaseUrl(string value, bool requireHttps, bool allowQuery = false)
        => HttpUrls.TryParse(value, out var uri, httpsOnly: requireHttps)
            && (allowQuery || uri.Query.Length == 0) && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    /// <summary>The bytes of a base64 secret, or null when it is not base64.</summary>
    public static byte[]? Base64Secret(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
