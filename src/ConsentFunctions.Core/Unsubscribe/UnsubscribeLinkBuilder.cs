using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>The link and the two headers (RFC 2369, RFC 8058) a message to one recipient carries.</summary>
public sealed record UnsubscribeLink(string Url, string ListUnsubscribe, string ListUnsubscribePost);

/// <remarks>
/// The base URL is <c>Unsubscribe:BaseUrl</c>, never the request's <c>Host</c> header, which the
/// caller chooses (a link pointing elsewhere would be a phishing link signed by us). The setting is
/// required wherever the app can be reached from elsewhere (checked at start-up); on a loopback-only
/// development host it may be empty, and the link then names this machine's own port.
/// </remarks>
public sealed class UnsubscribeLinkBuilder(UnsubscribeTokenSigner tokens, SubjectFactsReader reader, IOptions<UnsubscribeOptions> options)
{
    public UnsubscribeLink Create(Identifier identifier, string channel, string purpose, string language, int localPort)
    {
        var token = tokens.Create(reader.KeyOf(identifier), channel, purpose, language);
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? $"http://localhost:{localPort}" : options.Value.BaseUrl;
        var url = baseUrl.TrimEnd('/') + "/api/unsubscribe?token=" + token;
        return new UnsubscribeLink(url, "<" + url + ">", "List-Unsubscribe=One-Click");
    }
}
