using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Settings;
using ConsentFunctions.Core.Unsubscribe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>
/// Where links sent by email point when no request is at hand (the relay composes the email):
/// <c>Unsubscribe:BaseUrl</c>, required wherever the app can be reached from elsewhere, else on a
/// loopback-only development host its first URL (<c>urls</c>), else the local host's default.
/// </summary>
public sealed record LinkBaseUrl(string Url)
{
    public static LinkBaseUrl From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[$"{UnsubscribeOptions.Section}:{nameof(UnsubscribeOptions.BaseUrl)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new(configured.TrimEnd('/'));
        }
        var local = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => HostExposure.IsLoopback(u) && !u.EndsWith(":0", StringComparison.Ordinal));
        return new((local ?? HostExposure.DefaultLocalUrl).TrimEnd('/'));
    }
}

/// <summary>
/// Confirmation links: tokens of <see cref="LinkSigner"/> signed for purpose "confirmation" (so
/// no unsubscribe or preference token confirms anything, and a confirmation token opens no other
/// page), naming the receipt whose pending boxes they confirm and expiring with them.
/// </summary>
public sealed class ConfirmationLinkSigner(LinkSigner signer, LinkBaseUrl baseUrl, UnsubscribeTokenSigner unsubscribe)
{
    public const string Path = "/api/confirm";

    public bool CanSign => signer.CanSign;

    public string Create(string subjectKey, string receiptId, string language, TimeSpan validFor)
        => baseUrl.Url + Path + "?token=" + signer.Create(LinkPurposes.Confirmation, subjectKey, language, validFor, receiptId);

    /// <summary>The one-click unsubscribe URL the confirmation email's List-Unsubscribe headers carry.</summary>
    public string UnsubscribeUrl(string subjectKey, string channel, string purpose, string language)
        => baseUrl.Url + "/api/unsubscribe?token=" + unsubscribe.Create(subjectKey, channel, purpose, language);

    /// <summary>The receipt a genuine, unexpired confirmation link names (it belongs to the link's subject).</summary>
    public bool TryRead(string? token, out SignedLink link, out string receiptId)
    {
        receiptId = "";
        if (!signer.TryVerify(token, LinkPurposes.Confirmation, out link) || link.Data.Count != 1
            || !ReceiptIds.TryParse(link.Data[0], out _, out var subjectKey) || subjectKey != link.SubjectKey)
        {
            link = null!;
            return false;
        }
        receiptId = link.Data[0];
        return true;
    }
}
