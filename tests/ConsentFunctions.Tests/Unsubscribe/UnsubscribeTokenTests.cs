using System.Buffers.Text;
using System.Text;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Tests.Unsubscribe;

public class UnsubscribeTokenTests
{
    private const string Subject = "AbCdEfGhIjKlMnOpQrSt-_";
    private const string Other = "ZyXwVuTsRqPoNmLkJiHg_-";

    private static UnsubscribeTokenSigner Tokens(string keys) => new(Options.Create(new UnsubscribeOptions { SigningKeys = keys }));

    private static readonly UnsubscribeTokenSigner Current = Tokens(TestSettings.SigningKeys);

    [Fact]
    public void A_token_verifies_and_names_subject_channel_and_purpose()
    {
        Assert.True(Current.TryVerify(Current.Create(Subject, "email", "marketing"), out var token));
        Assert.Equal((Subject, "email", "marketing", "current"), (token.SubjectKey, token.Channel, token.Purpose, token.KeyId));
    }

    [Fact]
    public void Only_the_canonical_base64url_spelling_of_a_token_verifies()
    {
        var token = Current.Create(Subject, "email", "marketing");
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // The signature's 32 bytes take 43 characters: the last one's two low bits are unused, so
        // flipping one spells the same bytes with stray bits; padding and spaces are other spellings.
        var last = Alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var sameBytes = token[..^1] + Alphabet[last ^ 1];
        Assert.True(Current.TryVerify(token, out _));
        Assert.False(Current.TryVerify(sameBytes, out _));
        Assert.False(Current.TryVerify(token + "=", out _));
        Assert.False(Current.TryVerify(token.Replace(".", "=.", StringComparison.Ordinal), out _));
        Assert.False(Current.TryVerify(token.Replace(".", " .", StringComparison.Ordinal), out _));
        Assert.False(Current.TryVerify(token[..10] + "\n" + token[10..], out _));
    }

    [Fact]
    public void Each_link_has_its_own_token_id()
    {
        Current.TryVerify(Current.Create(Subject, "email", "marketing"), out var a);
        Current.TryVerify(Current.Create(Subject, "email", "marketing"), out var b);
        Assert.NotEqual(a.TokenId, b.TokenId);
    }

    [Fact]
    public void A_token_carries_no_personal_data()
    {
        var token = Current.Create(Subject, "email", "marketing");
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal))));
        Assert.DoesNotContain("@", payload, StringComparison.Ordinal);
        Assert.Contains(Subject, payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_character_changed_breaks_the_token()
    {
        var token = Current.Create(Subject, "email", "marketing");
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i] == 'A' ? 'B' : 'A';
            var tampered = token[..i] + c + token[(i + 1)..];
            Assert.False(Current.TryVerify(tampered, out _), $"position {i}");
        }
    }

    [Fact]
    public void A_truncated_token_is_refused()
    {
        var token = Current.Create(Subject, "email", "marketing");
        Assert.False(Current.TryVerify(token[..^1], out _));
        Assert.False(Current.TryVerify(token[..token.IndexOf('.', StringComparison.Ordinal)], out _));
        Assert.False(Current.TryVerify("", out _));
    }

    [Fact]
    public void A_token_signed_with_an_unknown_key_is_refused()
    {
        var stranger = Tokens("current=" + Convert.ToBase64String(new byte[32]));
        Assert.False(Current.TryVerify(stranger.Create(Subject, "email", "marketing"), out _));
    }

    [Fact]
    public void Another_persons_subject_under_the_original_signature_is_refused()
    {
        var token = Current.Create(Subject, "email", "marketing");
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot))).Replace(Subject, Other, StringComparison.Ordinal);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + token[dot..];
        Assert.False(Current.TryVerify(forged, out _));
    }

    [Fact]
    public void Keys_rotate_the_first_signs_and_the_older_ones_still_verify()
    {
        var previousOnly = Tokens(TestSettings.SigningKeys.Split(';')[1]);
        var oldLink = previousOnly.Create(Subject, "email", "marketing");
        Assert.True(Current.TryVerify(oldLink, out var old));
        Assert.Equal("previous", old.KeyId);
    }

    [Theory]
    [InlineData("k=dG9vLXNob3J0")]
    [InlineData("no-equals-sign")]
    [InlineData("k=not base64!")]
    public void Weak_or_malformed_keys_stop_the_app(string keys)
        => Assert.Throws<InvalidOperationException>(() => Tokens(keys));
}
