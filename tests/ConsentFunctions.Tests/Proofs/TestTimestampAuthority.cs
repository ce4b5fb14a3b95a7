using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace ConsentFunctions.Tests.Proofs;

/// <summary>
/// A real RFC 3161 timestamp authority on a free loopback port: BouncyCastle's
/// TimeStampResponseGenerator signing with its own self-signed test certificate (critical
/// timeStamping extended key usage), dated by the test's clock. <see cref="Down"/> makes it answer 503.
/// </summary>
public sealed class TestTimestampAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _serial;

    private TestTimestampAuthority(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public bool Down { get; set; }

    public int Requests => (int)Interlocked.Read(ref _served);

    private long _served;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/tsa";

    /// <summary>The certificate in PEM, as an inspector would download it from the authority's trust list.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>The authority's clock: the machine's until a test app gives it its own (ProofCalls.AppAsync).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public static async Task<TestTimestampAuthority> StartAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ConsentFunctions Test TSA, O=Tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        using var withKey = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var key = DotNetUtilities.GetRsaKeyPair(rsa.ExportParameters(true)).Private;
        var bcCertificate = new X509CertificateParser().ReadCertificate(certificate.RawData);
        var tokens = new TimeStampTokenGenerator(key, bcCertificate, TspAlgorithms.Sha256, "1.3.6.1.4.1.4146.2.3");
        tokens.SetCertificates(CollectionUtilities.CreateStore(new[] { bcCertificate }));
        var responses = new TimeStampResponseGenerator(tokens, TspAlgorithms.Allowed);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new TestTimestampAuthority(app, certificate);
        app.MapPost("/tsa", async context =>
        {
            if (authority.Down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var query = new TimeStampRequest(body.ToArray());
            byte[] answer;
            lock (responses)
            {
                answer = responses.Generate(query, BigInteger.ValueOf(Interlocked.Increment(ref authority._serial)), authority.Clock().UtcDateTime).GetEncoded();
            }
            Interlocked.Increment(ref authority._served);
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        });
        await app.StartAsync();
        return authority;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
