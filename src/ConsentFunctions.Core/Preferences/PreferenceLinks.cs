using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Preferences;

/// <summary>The body of POST /api/preference-links.</summary>
public sealed class PreferenceLinkRequest
{
    public SubjectRef? Subject { get; set; }

    /// <summary>The language of the page: "fr" or "en"; omitted, the reader's browser decides.</summary>
    public string? Language { get; set; }
}

public sealed record PreferenceLink(string Url);

/// <summary>
/// Mints the link to a person's preference page: a token signed for purpose "preferences" that
/// names the identifier's kind (email or phone) and its keyed hash, never the identifier, and
/// opens for <c>Links:PreferenceDays</c>. Like unsubscribe links, the URL is built on
/// <c>Unsubscribe:BaseUrl</c>, never on the request's Host header.
/// </summary>
public sealed class PreferenceLinks(LinkSigner signer, SubjectFactsReader reader, IOptions<UnsubscribeOptions> unsubscribe, IOptions<LinkOptions> links)
{
    public static (Identifier Identifier, string Language) Validate(PreferenceLinkRequest? request)
    {
        if (request is null)
        {
            throw RequestValidationException.BodyRequired();
        }
        var errors = new ValidationErrors();
        var identifiers = SubjectRefs.Parse(request.Subject, "subject", errors);
        if (request.Language is not (null or "fr" or "en"))
        {
            errors.Add("language", "Must be 'fr' or 'en'.");
        }
        if (!errors.IsEmpty)
        {
            throw new RequestValidationException("The link request is not valid.", errors);
        }
        return (identifiers[0], request.Language ?? "");
    }

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
