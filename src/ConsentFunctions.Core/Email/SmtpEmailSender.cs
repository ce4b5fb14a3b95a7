using System.Net.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Email;

/// <summary>
/// Hands one MIME message to the SMTP server of <see cref="SmtpOptions"/>, on a connection of its
/// own. Every failure (connection refused, no STARTTLS, authentication, a refused recipient) is
/// thrown: the caller's queue message stays, is retried, then goes to the poison queue.
/// </summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options)
{
    /// <summary>
    /// Tests only: trusts the in-process server's self-signed certificate. Unset, MailKit checks the
    /// certificate against the machine's trusted roots, as it must.
    /// </summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (settings.User.Length > 0 && IsUnresolvedSecret(settings.Password))
        {
            // Never hand the literal "@Microsoft.KeyVault(…)" to a server as a password.
            throw new InvalidOperationException("Smtp:Password is missing or an unresolved Key Vault reference (see /api/health).");
        }
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(settings.Timeout.TotalMilliseconds, 1, int.MaxValue) };
        if (CertificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = CertificateValidation;
        }
        await client.ConnectAsync(settings.Host, settings.Port, Security(settings), cancellationToken);
        if (settings.User.Length > 0)
        {
            await client.AuthenticateAsync(settings.User, settings.Password, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>
    /// Port 465 is TLS from the start; any other port must upgrade with STARTTLS (MailKit throws
    /// when the server does not offer it), unless plain text is allowed for a local server.
    /// </summary>
    public static SecureSocketOptions Security(SmtpOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Port == 465 ? SecureSocketOptions.SslOnConnect
            : settings.AllowPlaintext ? SecureSocketOptions.StartTlsWhenAvailable
            : SecureSocketOptions.StartTls;
    }

    internal static bool IsUnresolvedSecret(string? secret)
        => string.IsNullOrWhiteSpace(secret) || secret.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
