using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Links;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>
/// Unsubscribe links: tokens of <see cref="LinkSigner"/> signed for purpose "unsubscribe", with the
/// channel and purpose they stop. They never expire (a message may be read years later), and the
/// links minted before other kinds of link existed still verify (see <see cref="LinkSigner"/>).
/// </summary>
public sealed class UnsubscribeTokenSigner(IOptions<UnsubscribeOptions> options)
{
    // Unsubscribe tokens never expire, so the signer's clock never decides anything here.
    private readonly LinkSigner _signer = new(options, TimeProvider.System);

    public bool CanSign => _signer.CanSign;

    public string Create(string subjectKey, string channel, string purpose, string language = "")
        => _signer.Create(LinkPurposes.Unsubscribe, subjectKey, language, validFor: null, channel, purpose);

    public bool TryVerify(string? token, out UnsubscribeToken verified)
    {
        verified = null!;
        if (!_signer.TryVerify(token, LinkPurposes.Unsubscribe, out var link) || link.Data.Count != 2
            || !Vocabulary.Channels.Contains(link.Data[0]) || link.Data[1].Length == 0)
        {
            return false;
        }
        verified = new UnsubscribeToken(link.KeyId, link.SubjectKey, link.Data[0], link.Data[1], link.TokenId, link.Language);
        return true;
    }
}
