using ConsentFunctions.Core.Capture;

namespace ConsentFunctions.Tests.Capture;

public class ConsentValidityTests
{
    private static ConsentClaim Claim(bool isChecked = true, bool byDefault = false, bool bundled = false, string purpose = "marketing", IReadOnlyList<string>? partners = null)
        => new(purpose, "email", "wording", isChecked, byDefault, bundled, null, null, partners);

    [Fact]
    public void A_ticked_box_with_wording_is_given()
        => Assert.Equal(new ConsentValidityResult("given", null), ConsentValidity.Evaluate(Claim(), "J'accepte"));

    [Fact]
    public void An_unticked_box_is_refused()
        => Assert.Equal(new ConsentValidityResult("refused", null), ConsentValidity.Evaluate(Claim(isChecked: false), "J'accepte"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_box_ticked_by_default_is_invalid_whatever_its_state(bool isChecked)
        => Assert.Equal(new ConsentValidityResult("invalid", "pre-ticked"), ConsentValidity.Evaluate(Claim(isChecked, byDefault: true), "J'accepte"));

    [Fact]
    public void Prospecting_bundled_with_the_terms_of_sale_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "bundled"), ConsentValidity.Evaluate(Claim(bundled: true), "J'accepte les CGV et les offres"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_box_without_wording_is_invalid(string? wording)
        => Assert.Equal(new ConsentValidityResult("invalid", "missing-wording"), ConsentValidity.Evaluate(Claim(), wording));

    [Fact]
    public void Partner_sharing_without_the_list_of_partners_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "missing-partners"), ConsentValidity.Evaluate(Claim(purpose: "partner-sharing"), "J'accepte"));

    [Fact]
    public void Partner_sharing_with_the_list_shown_is_given()
        => Assert.Equal("given", ConsentValidity.Evaluate(Claim(purpose: "partner-sharing", partners: ["Acme SAS"]), "J'accepte").Status);
}
