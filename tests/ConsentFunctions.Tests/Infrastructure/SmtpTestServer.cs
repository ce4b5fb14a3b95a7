using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>One message the server accepted: the parsed MIME message, its envelope, whether the session was TLS.</summary>
public sealed record ReceivedEmail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, bool OverTls);

/// <summary>
/// A real SMTP server in the test process (NuGet SmtpServer) on a free loopback port, keeping every
/// message it accepts. It can be stopped (connections are then refused) and started again on the
/// same port, to test that an email survives an SMTP outage. With <c>tls: true</c> it offers
/// STARTTLS with a self-signed certificate, which the app trusts only through
/// <see cref="TrustIn"/>.
/// <code>
/// await using var smtp = await SmtpTestServer.StartAsync();
/// await using var app = await FunctionTestApp.CreateAsync(smtp.Settings());
/// … // something puts an email on confirmation-emails
/// await app.SendQueuedEmailsAsync();       // Email/EmailCalls.cs: what the queue trigger does
/// var email = await smtp.WaitForAsync(e =&gt; e.EnvelopeTo.Contains(address));
/// </code>
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string From = "Boutique Exemple <no-reply@boutique.example.fr>";

    private readonly bool _tls;
    private readonly X509Certificate2? _certificate;
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    private SmtpTestServer(int port, bool tls)
    {
        Port = port;
        _tls = tls;
        _certificate = tls ? SelfSignedCertificate() : null;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public bool IsRunning => _server is not null;

    /// <summary>Every message accepted since the start, in order of arrival.</summary>
    public ConcurrentQueue<ReceivedEmail> Received { get; } = new();

    public static async Task<SmtpTestServer> StartAsync(bool tls = false)
    {
        var server = new SmtpTestServer(FreePort(), tls);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>The app's Smtp:* settings pointing at this server (plain text allowed unless it offers TLS).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Smtp:Host"] = Host,
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = From,
        ["Smtp:AllowPlaintext"] = _tls ? "false" : "true",
        ["Smtp:Timeout"] = "00:00:10",
    };

    /// <summary>Makes the app's sender trust this server's self-signed certificate, and no other.</summary>
    public void TrustIn(IServiceProvider services)
    {
        var expected = _certificate?.GetCertHashString() ?? throw new InvalidOperationException("This server has no certificate (start it with tls: true).");
        var sender = (Core.Email.SmtpEmailSender)services.GetService(typeof(Core.Email.SmtpEmailSender))!;
        sender.CertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == expected;
    }

    /// <summary>Starts listening (again) on <see cref="Port"/>; answers once a connection is accepted.</summary>
    public async Task StartAgainAsync()
    {
        if (_server is not null)
        {
            return;
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.local")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (_certificate is not null)
                {
                    endpoint.Certificate(_certificate);
                }
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // Listening is set up asynchronously: wait (with a deadline) until a client can connect.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_running.IsFaulted)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Stops listening: from now on a connection to <see cref="Port"/> is refused.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // what cancelling a running server answers
        }
        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits (with a deadline) for a message that matches, and answers it.</summary>
    public async Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(match) is { } email)
            {
                return email;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("No matching email reached the test SMTP server.");
    }

    /// <summary>The messages sent to one address.</summary>
    public IReadOnlyList<ReceivedEmail> To(string address)
        => Received.Where(e => e.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _certificate?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp.test.local", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner.Received.Enqueue(new ReceivedEmail(
                message,
                Address(transaction.From),
                transaction.To.Select(Address).ToList(),
                context.Pipe.IsSecure));
            return SmtpResponse.Ok;
        }

        private static string Address(SmtpServer.Mail.IMailbox mailbox) => mailbox.User + "@" + mailbox.Host;
    }
}
