using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Tests.Subjects;

public class IdentifierNormalizerTests
{
    [Theory]
    [InlineData("  Jeanne.Martin@Example.FR ", "jeanne.martin@example.fr")]
    [InlineData("a'or''='@x.fr", "a'or''='@x.fr")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected)
    {
        Assert.True(IdentifierNormalizer.TryNormalizeEmail(raw, out var email));
        Assert.Equal(expected, email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("jeanne")]
    [InlineData("jeanne@")]
    [InlineData("@example.fr")]
    [InlineData("jeanne@@example.fr")]
    [InlineData("jeanne martin@example.fr")]
    [InlineData("jeanne@example")]
    [InlineData("jeanne@example..fr")]
    [InlineData("jeanne@example.fr\r\nBcc: x@y.fr")]
    public void Not_an_email(string raw) => Assert.False(IdentifierNormalizer.TryNormalizeEmail(raw, out _));

    [Theory]
    [InlineData("06 12 34 56 78")]
    [InlineData("+33612345678")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("0612345678")]
    public void French_numbers_in_any_spelling_are_one_E164_number(string raw)
    {
        Assert.True(IdentifierNormalizer.TryNormalizePhone(raw, out var e164));
        Assert.Equal("+33612345678", e164);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("not a phone")]
    [InlineData("+33 1")]
    public void Not_a_phone(string raw) => Assert.False(IdentifierNormalizer.TryNormalizePhone(raw, out _));

    [Fact]
    public void Keys_are_keyed_hashes_that_hide_the_identifier()
    {
        var hasher = new SubjectKeyHasher(Options.Create(new SubjectOptions { HashKey = Convert.ToBase64String(new byte[32]) }));
        var other = new SubjectKeyHasher(Options.Create(new SubjectOptions { HashKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()) }));
        var key = hasher.ForEmail("jeanne.martin@example.fr");
        Assert.Equal(SubjectKeyHasher.KeyLength, key.Length);
        Assert.DoesNotContain("jeanne", key, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(key, hasher.ForEmail("jeanne.martin@example.fr"));
        Assert.NotEqual(key, other.ForEmail("jeanne.martin@example.fr"));
        Assert.NotEqual(key, hasher.ForPhone("jeanne.martin@example.fr"));
    }

    [Fact]
    public void A_short_or_missing_hash_key_stops_the_app()
        => Assert.Throws<InvalidOperationException>(() => new SubjectKeyHasher(Options.Create(new SubjectOptions { HashKey = Convert.ToBase64String(new byte[8]) })));
}
