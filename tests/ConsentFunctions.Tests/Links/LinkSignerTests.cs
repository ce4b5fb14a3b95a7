using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsentFunctions.Tests.Links;

public class LinkSignerTests
{
    private const string Subject = "AbCdEfGhIjKlMnOpQrSt-_";

    private static readonly IOptions<UnsubscribeOptions> Keys = Options.Create(new UnsubscribeOptions { SigningKeys = TestSettings.SigningKeys });

    /// <summary>
    /// An unsubscribe token exactly as links were minted before there were other kinds of link:
    /// payload <c>1|keyId|subjectKey|channel|purpose|tokenId|language</c>, HMAC-SHA-256 with the key,
    /// both base64url. Written out here, independently of the code under test.
    /// </summary>
    private static string LegacyUnsubscribeToken(string keyId, string secretText, string language = "")
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"1|{keyId}|{Subject}|email|marketing|legacyTokenId0001|{language}"));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretText), Encoding.ASCII.GetBytes(payload));
        return payload + "." + Base64Url.EncodeToString(signature);
    }

    [Fact]
    public void A_token_minted_the_old_way_still_verifies_as_an_unsubscribe_link_and_as_nothing_else()
    {
        var legacy = LegacyUnsubscribeToken("previous", "tests-only-previous-unsubscribe-key-32b!", "fr");
        var tokens = new UnsubscribeTokenSigner(Keys);

        Assert.True(tokens.TryVerify(legacy, out var token));
        Assert.Equal((Subject, "email", "marketing", "legacyTokenId0001", "fr", "previous"),
            (token.SubjectKey, token.Channel, token.Purpose, token.TokenId, token.Language, token.KeyId));
        var signer = new LinkSigner(Keys, TimeProvider.System);
        Assert.False(signer.TryVerify(legacy, LinkPurposes.Preferences, out _));
        // Signed with a key that is not (any more) in the settings, it is refused like any forgery.
        Assert.False(tokens.TryVerify(LegacyUnsubscribeToken("previous", "a-key-the-settings-do-not-hold-32bytes!!"), out _));
    }

    [Fact]
    public void A_token_is_accepted_only_for_the_purpose_it_was_signed_for()
    {
        var signer = new LinkSigner(Keys, TimeProvider.System);
        var preferences = signer.Create(LinkPurposes.Preferences, Subject, "en", TimeSpan.FromDays(30), "email");
        var unsubscribe = new UnsubscribeTokenSigner(Keys).Create(Subject, "email", "marketing");

        Assert.True(signer.TryVerify(preferences, LinkPurposes.Preferences, out var link));
        Assert.Equal((Subject, "en", "email"), (link.SubjectKey, link.Language, link.Data[0]));
        Assert.False(signer.TryVerify(preferences, LinkPurposes.Unsubscribe, out _));
        Assert.False(new UnsubscribeTokenSigner(Keys).TryVerify(preferences, out _));
        Assert.True(signer.TryVerify(unsubscribe, LinkPurposes.Unsubscribe, out _));
        Assert.False(signer.TryVerify(unsubscribe, LinkPurposes.Preferences, out _));
    }

    [Fact]
    public void A_link_with_a_lifetime_expires_and_one_without_never_does()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var signer = new LinkSigner(Keys, time);
        var expiring = signer.Create(LinkPurposes.Preferences, Subject, "", TimeSpan.FromDays(30), "email");
        var forever = signer.Create(LinkPurposes.Unsubscribe, Subject, "", null, "email", "marketing");

        time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.True(signer.TryVerify(expiring, LinkPurposes.Preferences, out var link));
        Assert.Equal(new DateTimeOffset(2026, 12, 30, 10, 0, 0, TimeSpan.Zero), link.ExpiresAt);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(signer.TryVerify(expiring, LinkPurposes.Preferences, out _));

        time.Advance(TimeSpan.FromDays(3650));
        Assert.True(signer.TryVerify(forever, LinkPurposes.Unsubscribe, out var unsubscribe));
        Assert.Null(unsubscribe.ExpiresAt);
    }

    [Fact]
    public void Every_character_changed_breaks_a_preference_token_and_the_older_key_still_verifies()
    {
        var previousOnly = new LinkSigner(Options.Create(new UnsubscribeOptions { SigningKeys = TestSettings.SigningKeys.Split(';')[1] }), TimeProvider.System);
        var current = new LinkSigner(Keys, TimeProvider.System);
        var token = previousOnly.Create(LinkPurposes.Preferences, Subject, "fr", TimeSpan.FromDays(1), "email");
        Assert.True(current.TryVerify(token, LinkPurposes.Preferences, out var link));
        Assert.Equal("previous", link.KeyId);
        for (var i = 0; i < token.Length; i++)
        {
            var tampered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.False(current.TryVerify(tampered, LinkPurposes.Preferences, out _), $"position {i}");
        }
    }
}
