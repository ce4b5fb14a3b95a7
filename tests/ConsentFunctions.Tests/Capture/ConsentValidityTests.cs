using ConsentFunctions.Core.Capture;

namespace ConsentFunctions.Tests.Capture;

/// <summary>RULES.md section 1: what each box proves, on each kind of form, in each mode.</summary>
public class ConsentValidityTests
{
    private static readonly BoxContext Collection = new(FormKinds.Collection, false, false, [], false);

    private static ConsentClaim Claim(bool isChecked = true, bool byDefault = false, bool bundled = false, string purpose = "marketing",
        IReadOnlyList<string>? partners = null, string mode = BoxModes.OptIn, bool conditional = false)
        => new(purpose, "email", "wording", isChecked, byDefault, bundled, null, null, partners, mode, conditional);

    private static ConsentValidityResult Evaluate(ConsentClaim claim, string? wording = "J'accepte", BoxContext? context = null)
        => ConsentValidity.Evaluate(claim, wording, context ?? Collection);

    [Fact]
    public void A_ticked_box_with_wording_is_given()
        => Assert.Equal(new ConsentValidityResult("given", null), Evaluate(Claim()));

    [Fact]
    public void An_unticked_box_is_refused()
        => Assert.Equal(new ConsentValidityResult("refused", null), Evaluate(Claim(isChecked: false)));

    [Fact]
    public void A_box_left_ticked_by_default_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "pre-ticked"), Evaluate(Claim(byDefault: true)));

    [Fact]
    public void A_box_shown_ticked_that_the_person_unticked_is_a_refusal()
        => Assert.Equal(new ConsentValidityResult("refused", null), Evaluate(Claim(isChecked: false, byDefault: true)));

    [Fact]
    public void Prospecting_bundled_with_the_terms_of_sale_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "bundled"), Evaluate(Claim(bundled: true), "J'accepte les CGV et les offres"));

    [Fact]
    public void A_consent_made_the_condition_of_a_reward_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "conditional"), Evaluate(Claim(conditional: true)));

    [Fact]
    public void A_person_under_15_without_parental_consent_gives_no_valid_consent()
        => Assert.Equal(new ConsentValidityResult("invalid", "minor"), Evaluate(Claim(), context: Collection with { MinorWithoutParentalConsent = true }));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_box_without_wording_is_invalid(string? wording)
        => Assert.Equal(new ConsentValidityResult("invalid", "missing-wording"), Evaluate(Claim(), wording));

    [Fact]
    public void Partner_sharing_without_the_list_of_partners_is_invalid()
        => Assert.Equal(new ConsentValidityResult("invalid", "missing-partners"), Evaluate(Claim(purpose: "partner-sharing")));

    [Fact]
    public void Partner_sharing_with_the_list_shown_is_given()
        => Assert.Equal("given", Evaluate(Claim(purpose: "partner-sharing", partners: ["Acme SAS"])).Status);

    [Fact]
    public void An_opt_out_box_ticked_is_a_refusal_and_unticked_informs()
    {
        Assert.Equal(new ConsentValidityResult("refused", null), Evaluate(Claim(mode: BoxModes.OptOut)));
        Assert.Equal(new ConsentValidityResult("informed", null), Evaluate(Claim(isChecked: false, mode: BoxModes.OptOut)));
    }

    [Fact]
    public void On_a_preferences_form_unticking_a_standing_consent_withdraws_it_and_leaving_it_confirms()
    {
        var withConsent = new BoxContext(FormKinds.Preferences, false, false, [], HasValidConsent: true);
        Assert.Equal("withdrawn", Evaluate(Claim(isChecked: false, byDefault: true), context: withConsent).Status);
        Assert.Equal("confirmed", Evaluate(Claim(isChecked: true, byDefault: true), context: withConsent).Status);
    }

    [Fact]
    public void On_a_preferences_form_a_box_shown_ticked_without_a_consent_is_pre_ticked()
    {
        var without = new BoxContext(FormKinds.Preferences, false, false, [], HasValidConsent: false);
        Assert.Equal(new ConsentValidityResult("invalid", "pre-ticked"), Evaluate(Claim(byDefault: true), context: without));
        Assert.Equal("given", Evaluate(Claim(), context: without).Status);
        Assert.Equal("unchanged", Evaluate(Claim(isChecked: false), context: without).Status);
    }

    [Fact]
    public void A_partner_import_must_name_the_business_among_the_partners()
    {
        var import = Collection with { FromPartner = true, ControllerNames = ["Boutique Exemple SAS"] };
        Assert.Equal(new ConsentValidityResult("invalid", "controller-not-named"), Evaluate(Claim(partners: ["Acme SAS"]), context: import));
        Assert.Equal("given", Evaluate(Claim(partners: ["Acme SAS", "boutique exemple sas"]), context: import).Status);
        Assert.Equal("refused", Evaluate(Claim(isChecked: false, partners: ["Acme SAS"]), context: import).Status);
    }
}
