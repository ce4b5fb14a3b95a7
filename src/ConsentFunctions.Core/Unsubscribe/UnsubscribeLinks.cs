using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>The link and the two headers (RFC 2369, RFC 8058) a message to one recipient carries.</summary>
public sealed record UnsubscribeLink(string Url, string ListUnsubscribe, string ListUnsubscribePost);

public sealed class UnsubscribeLinks(UnsubscribeTokens tokens, SubjectFactsReader reader, IOptions<UnsubscribeOptions> options)
{
    public UnsubscribeLink Create(Identifier identifier, string channel, string purpose, string language, string requestBaseUrl)
    {
        var token = tokens.Create(reader.KeyOf(identifier), channel, purpose, language);
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? requestBaseUrl : options.Value.BaseUrl;
        var url = baseUrl.TrimEnd('/') + "/api/unsubscribe?token=" + token;
        return new UnsubscribeLink(url, "<" + url + ">", "List-Unsubscribe=One-Click");
    }
}
