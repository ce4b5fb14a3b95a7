using System.Net;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Events;

/// <summary>One system that receives consent events by webhook (setting Events:Destinations:{n}).</summary>
public sealed class EventDestination
{
    /// <summary>Letters, digits, '-' and '_': it names the destination in logs and in parked deliveries.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>HTTPS URL; plain http is accepted only for loopback and localhost (a local receiver).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The HMAC key the deliveries are signed with (a Key Vault reference in Azure). Never logged.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Comma-separated event types this destination gets; empty or "*" for all.</summary>
    public string? Types { get; set; }

    /// <summary>Put the email and phone in clear in data (an emailing platform suppresses by address); HTTPS only.</summary>
    public bool IncludeIdentifiers { get; set; }

    public bool Accepts(string type)
        => string.IsNullOrWhiteSpace(Types) || Types.Trim() == "*"
           || Types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(type, StringComparer.Ordinal);

    public Uri Uri => new(Url, UriKind.Absolute);

    /// <summary>Identifiers are sent only over HTTPS, whatever includeIdentifiers says.</summary>
    public bool SendsIdentifiers => IncludeIdentifiers && HttpUrls.IsValid(Url, httpsOnly: true);

    internal static bool IsLocal(Uri uri)
        => uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>Settings of section <c>Events</c>: the consent events' destinations, delivery and log.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    public List<EventDestination> Destinations { get; set; } = [];

    /// <summary>Days the event log keeps events for replay.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>An outbox row older than this is queued again by the sweep (its first message was lost).</summary>
    public TimeSpan OutboxSweepAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries tried (each after the in-process retries) before the delivery is parked on the poison queue.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the second delivery attempt; doubled before each next one, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quick retries within one attempt (Microsoft.Extensions.Http.Resilience, exponential with jitter); 0 for none.</summary>
    public int HttpRetries { get; set; } = 2;

    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed to one post.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Replay leaves out the events logged in the last moments, whose neighbours may still be being written.</summary>
    public TimeSpan ReplayLag { get; set; } = TimeSpan.FromSeconds(5);

    public EventDestination? Destination(string name) => Destinations.FirstOrDefault(d => d.Name == name);
}

/// <summary>Refuses at start-up a destination the app could not deliver to safely.</summary>
public sealed class EventOptionsValidator : IValidateOptions<EventOptions>
{
    public ValidateOptionsResult Validate(string? name, EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.RetentionDays is < 1 or > 365)
        {
            errors.Add("Events:RetentionDays must be between 1 and 365.");
        }
        if (options.MaxAttempts is < 1 or > 50 || options.HttpRetries is < 0 or > 10)
        {
            errors.Add("Events:MaxAttempts must be between 1 and 50 and Events:HttpRetries between 0 and 10.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.RetryDelay < TimeSpan.Zero || options.HttpRetryDelay < TimeSpan.Zero
            || options.OutboxSweepAfter <= TimeSpan.Zero || options.ReplayLag < TimeSpan.Zero)
        {
            errors.Add("Events: Timeout and OutboxSweepAfter must be positive, the delays not negative.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var d = options.Destinations[i];
            var at = $"Events:Destinations:{i}";
            if (string.IsNullOrEmpty(d.Name) || d.Name.Length > 64 || !d.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !names.Add(d.Name))
            {
                errors.Add(at + ":Name must be unique: 1 to 64 letters, digits, '-' or '_'.");
            }
            if (!HttpUrls.TryParse(d.Url, out var uri) || !(HttpUrls.HasHttpScheme(uri, httpsOnly: true) || EventDestination.IsLocal(uri)))
            {
                // The URL itself is not repeated: it may carry a key.
                errors.Add(at + ":Url must be an absolute https URL (plain http only for loopback or localhost).");
            }
            if (string.IsNullOrEmpty(d.Secret) || d.Secret.Length < 16 || d.Secret.StartsWith("@Microsoft.KeyVault", StringComparison.Ordinal))
            {
                errors.Add(at + ":Secret must hold at least 16 characters (an unresolved Key Vault reference does not).");
            }
            var unknown = (d.Types ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(t => t != "*" && !ConsentEventTypes.All.Contains(t)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(at + ":Types names unknown event types: " + string.Join(", ", unknown) + ".");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
