using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

/// <summary>The authority could not be reached or gave no usable token; the root stays untimestamped until the next run.</summary>
public sealed class TimestampUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// An RFC 3161 client: asks the authority (Proofs:TsaUrl) to sign the SHA-256 of a day's
/// statement, with a fresh nonce and its certificate in the token, and checks the answer
/// (.NET's Rfc3161TimestampRequest.ProcessResponse: status, nonce, imprint, signature).
/// </summary>
public sealed class TimestampAuthority(IHttpClientFactory clients, IOptions<ProofOptions> options)
{
    public const string ClientName = "proof-timestamps";

    public bool Configured => options.Value.Timestamps;

    /// <summary>The token's DER bytes (a CMS SignedData), as stored beside the root.</summary>
    public async Task<byte[]> StampAsync(byte[] sha256, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F; // a positive INTEGER
        var request = Rfc3161TimestampRequest.CreateFromHash(sha256, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        byte[] answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.TsaTimeout);
            using var response = await clients.CreateClient(ClientName).PostAsync(new Uri(options.Value.TsaUrl!), content, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TimestampUnavailableException($"The timestamp authority answered {(int)response.StatusCode}.");
            }
            answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimestampUnavailableException("The timestamp authority did not answer (" + e.GetType().Name + ").", e);
        }
        try
        {
            var token = request.ProcessResponse(answer, out _);
            return token.AsSignedCms().Encode();
        }
        catch (CryptographicException e)
        {
            throw new TimestampUnavailableException("The timestamp authority's answer is not a valid token for this request.", e);
        }
    }
}
