namespace ConsentFunctions.Core.Email;

/// <summary>
/// Settings of section <c>Smtp</c>: the server every email of queue confirmation-emails goes
/// through. Checked at start-up by Settings/SettingsValidation.cs; in Azure the password is a Key
/// Vault reference, and one the platform has not resolved yet is reported by /api/health.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>
    /// Host name of the SMTP server (submission). Empty: nothing is sent; the local host then
    /// prints each email to its console instead (never in Azure, where it is required as soon as
    /// an email can be asked for: see <see cref="EmailDelivery"/>).
    /// </summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>587 (submission with STARTTLS) unless set; 465 means TLS from the first byte.</summary>
    public int Port { get; set; } = 587;

    /// <summary>User name for SMTP AUTH; empty for a server that takes mail without it.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Password for SMTP AUTH: a secret, never logged (a Key Vault reference in Azure).</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>The sender, "Boutique Exemple &lt;no-reply@example.fr&gt;" or a bare address; its domain names the Message-Ids.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>
    /// False (the default): the connection must switch to TLS (STARTTLS), or the send fails and the
    /// message stays on the queue. True, for a local test server only (refused in Azure): TLS is
    /// used when the server offers it, plain text otherwise.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Time allowed to each network operation of a send (connect, each command).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
