namespace ConsentFunctions.Core.Breaches;

/// <summary>Settings of section <c>Breaches</c>.</summary>
public sealed class BreachOptions
{
    public const string Section = "Breaches";

    /// <summary>
    /// How long a claimed alert may stay unconfirmed (its queue message not known to be sent)
    /// before another watch run sends it again. Longer than one send, shorter than the schedule.
    /// </summary>
    public TimeSpan AlertLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Comma-separated addresses every deadline alert is also emailed to (French and English), through
    /// queue confirmation-emails and the SMTP server of section <c>Smtp</c>. Empty: no email.
    /// </summary>
    public string AlertEmails { get; set; } = string.Empty;

    /// <summary>The addresses of <see cref="AlertEmails"/>, trimmed, without empty entries.</summary>
    public IReadOnlyList<string> AlertEmailList()
        => AlertEmails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Settings of section <c>Alerts</c>: the optional webhook every breach alert is also posted to.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Absolute http(s) URL; empty for none. It may carry a key: it is never logged.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Retries after a failed post (network error, timeout, 408, 429 or 5xx).</summary>
    public int WebhookRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled before each next one.</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time allowed to one post.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
