using System.Text.Json.Nodes;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Subjects;

/// <summary>
/// One mailbox or one line is one person however it is written: an objection under one spelling
/// stops contact under every other.
/// </summary>
public class IdentitySpellingTests
{
    [Theory]
    [InlineData("jeanne@exämple.fr", "jeanne@xn--exmple-cua.fr")]
    [InlineData("Jeanne@EXÄMPLE.FR", "jeanne@xn--exmple-cua.fr")]
    [InlineData("jeanne@exa\u0308mple.fr", "jeanne@xn--exmple-cua.fr")] // decomposed ä (NFD)
    [InlineData("Zoé@example.fr", "zoé@example.fr")]
    [InlineData("zoe\u0301@example.fr", "zoé@example.fr")] // é written as e + combining accent
    [InlineData("jeanne@bücher.de", "jeanne@xn--bcher-kva.de")]
    public void Emails_are_NFC_with_an_IDNA_ASCII_domain_and_a_lower_cased_local_part(string raw, string expected)
    {
        Assert.True(IdentifierNormalizer.TryNormalizeEmail(raw, out var email));
        Assert.Equal(expected, email);
    }

    [Fact]
    public void Plus_addresses_stay_distinct_people()
    {
        Assert.True(IdentifierNormalizer.TryNormalizeEmail("jeanne+news@example.fr", out var plus));
        Assert.True(IdentifierNormalizer.TryNormalizeEmail("jeanne@example.fr", out var plain));
        Assert.NotEqual(plain, plus);
    }

    [Theory]
    [InlineData("jeanne@-example.fr")]
    [InlineData("jeanne@exa mple.fr")]
    [InlineData("jeanne@xn--.fr")]
    public void A_domain_IDNA_refuses_is_not_an_email(string raw) => Assert.False(IdentifierNormalizer.TryNormalizeEmail(raw, out _));

    [Theory]
    [InlineData("0696 12 34 56", "+596696123456")] // Martinique, mobile
    [InlineData("0692 12 34 56", "+262692123456")] // La Réunion, mobile
    [InlineData("0594 30 12 34", "+594594301234")] // Guyane, fixed
    [InlineData("0590 82 12 34", "+590590821234")] // Guadeloupe, fixed
    [InlineData("0262 21 34 56", "+262262213456")] // La Réunion, fixed
    [InlineData("0269 61 12 34", "+262269611234")] // Mayotte, fixed
    [InlineData("06 12 34 56 78", "+33612345678")] // metropolitan France stays France
    public void National_numbers_with_an_overseas_prefix_resolve_to_their_region(string raw, string expected)
    {
        Assert.True(IdentifierNormalizer.TryNormalizePhone(raw, out var e164));
        Assert.Equal(expected, e164);
    }

    public static TheoryData<string, string, string> Spellings => new()
    {
        { "email", "jeanne.{0}@exämple.fr", "JEANNE.{0}@xn--exmple-cua.fr" },
        { "email", "jeanne.{0}@xn--exmple-cua.fr", "Jeanne.{0}@exa\u0308mple.fr" },
        { "email", "Zoe\u0301.{0}@example.fr", "zoé.{0}@EXAMPLE.FR" },
        { "phone", "0696 12 34 56", "+596 696 12 34 56" },
        { "phone", "+262692123456", "0692 12 34 56" },
        { "phone", "0594 30 12 34", "+594594301234" },
        { "phone", "0590 82 12 34", "00590590821234" },
        { "phone", "0262 21 34 56", "+262 262 21 34 56" },
        { "phone", "+262 269 61 12 34", "0269611234" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task An_objection_under_one_spelling_stops_contact_under_another(string kind, string consented, string objected)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var first = string.Format(System.Globalization.CultureInfo.InvariantCulture, consented, unique);
        var second = string.Format(System.Globalization.CultureInfo.InvariantCulture, objected, unique);
        var channel = kind == "email" ? "email" : "sms";
        JsonObject Subject(string spelling) => new() { [kind] = spelling };

        var form = Forms.Valid("unused@example.fr");
        form["subject"] = Subject(first);
        form["consents"] = new JsonArray(new JsonObject
        {
            ["purpose"] = "marketing", ["channel"] = channel, ["wording"] = "J'accepte de recevoir les offres.", ["checked"] = true, ["checkedByDefault"] = false,
        });
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);

        var at = app.Time.GetUtcNow().AddDays(1);
        var before = await app.DecideAsync(channel, "marketing", at, [Subject(second)]);
        Assert.True(before.Json.GetProperty("decisions")[0].GetProperty("allowed").GetBoolean(), before.Body);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        var objection = await app.ObjectAsync(new JsonObject { ["subject"] = Subject(second) }.ToJsonString());
        Assert.True(objection.Status is 200 or 201, objection.Body);

        var after = await app.DecideAsync(channel, "marketing", at, [Subject(first)]);
        Assert.False(after.Json.GetProperty("decisions")[0].GetProperty("allowed").GetBoolean(), after.Body);
    }
}
