using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Preferences;

public sealed record PreferenceLink(string Url);

/// <summary>
/// Mints the link to a person's preference page: a token signed for purpose "preferences" that
/// names the identifier's kind (email or phone) and its keyed hash, never the identifier, and
/// opens for <c>Links:PreferenceDays</c>. Like unsubscribe links, the URL is built on
/// <c>Unsubscribe:BaseUrl</c>, never on the request's Host header.
/// </summary>
public sealed class PreferenceLinkSigner(LinkSigner signer, SubjectFactsReader reader, IOptions<UnsubscribeOptions> unsubscribe, IOptions<LinkOptions> links)
{
    public PreferenceLink Create(Identifier identifier, string language, int localPort)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var token = signer.Create(LinkPurposes.Preferences, reader.KeyOf(identifier), language, TimeSpan.FromDays(links.Value.PreferenceDays), identifier.Kind);
        var baseUrl = string.IsNullOrWhiteSpace(unsubscribe.Value.BaseUrl) ? $"http://localhost:{localPort}" : unsubscribe.Value.BaseUrl;
        return new PreferenceLink(baseUrl.TrimEnd('/') + "/api/preferences?token=" + token);
    }

    /// <summary>The identifier kind and keyed hash a genuine, unexpired preference link names.</summary>
    public bool TryRead(string? token, out SignedLink link)
    {
        if (!signer.TryVerify(token, LinkPurposes.Preferences, out link) || link.Data.Count != 1 || link.Data[0] is not ("email" or "phone"))
        {
            link = null!;
            return false;
        }
        return true;
    }
}
