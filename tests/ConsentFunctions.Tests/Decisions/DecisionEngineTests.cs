using ConsentFunctions.Core.Decisions;
using static ConsentFunctions.Tests.Decisions.FactsBuilder;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>One test (or more) per row of RULES.md section 2, named after the row; docs/RULES.md links here.</summary>
public class DecisionEngineTests
{
    private static void AssertAllowed(Decision d, string basis, int rule)
    {
        Assert.True(d.Allowed, $"refused: {d.Reason} (rule {d.Rule})");
        Assert.Equal(basis, d.Basis);
        Assert.Equal(rule, d.Rule);
        Assert.Null(d.Reason);
    }

    private static void AssertRefused(Decision d, string reason, int rule)
    {
        Assert.False(d.Allowed, $"allowed: {d.Basis} (rule {d.Rule})");
        Assert.Equal(reason, d.Reason);
        Assert.Equal(rule, d.Rule);
        Assert.Null(d.Basis);
    }

    // Rule 1
    [Fact]
    public void Rule01_an_unsubscribe_newer_than_the_consent_refuses_withdrawn()
        => AssertRefused(Decide(new FactsBuilder().Given().Suppressed("unsubscribe", Collected.AddDays(3), "email", "marketing").Build()), Reasons.Withdrawn, 1);

    [Fact]
    public void Rule01_an_objection_to_all_channels_refuses_even_postal()
        => AssertRefused(Decide(new FactsBuilder().Given("postal").Suppressed("objection", Collected.AddDays(1)).Build(), channel: "postal"), Reasons.Objection, 1);

    [Fact]
    public void Rule01_a_consent_given_again_after_a_withdrawal_lifts_it()
    {
        var facts = new FactsBuilder()
            .Given(at: Collected)
            .Suppressed("unsubscribe", Collected.AddDays(3), "email", "marketing")
            .Given(at: Collected.AddDays(10), receiptId: "again")
            .Build();
        var d = Decide(facts);
        AssertAllowed(d, Bases.Consent, 8);
        Assert.Equal("again", d.ReceiptId);
    }

    [Fact]
    public void Rule01_an_objection_to_another_channel_does_not_apply()
        => AssertAllowed(Decide(new FactsBuilder().Given().Suppressed("objection", Collected.AddDays(1), "sms").Build()), Bases.Consent, 8);

    [Fact]
    public void Rule01_the_suppression_list_refuses_after_erasure()
        // Erased: nothing left but the suppression entry under the keyed hash.
        => AssertRefused(Decide(new FactsBuilder().Suppressed("unsubscribe", Collected, "email", "marketing").Build()), Reasons.Withdrawn, 1);

    // Rule 2
    [Fact]
    public void Rule02_nobody_known_refuses_unknown_subject()
        => AssertRefused(Decide(new FactsBuilder().Build()), Reasons.UnknownSubject, 2);

    // Rule 3
    [Fact]
    public void Rule03_a_prospect_past_three_years_refuses_expired()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), at: Collected.AddYears(3).AddDays(1)), Reasons.Expired, 3);

    [Fact]
    public void Rule03_a_prospect_who_clicked_last_year_is_not_expired()
        => AssertAllowed(Decide(new FactsBuilder().Given().Interaction("prospect-contact", Collected.AddYears(2)).Build(), at: Collected.AddYears(3).AddDays(1)), Bases.Consent, 8);

    // Rule 4
    [Fact]
    public void Rule04_data_from_a_partner_is_never_passed_on()
        => AssertRefused(Decide(new FactsBuilder().Given(purpose: "partner-sharing", partners: ["Acme SAS"], source: "partner").Build(), purpose: "partner-sharing", partner: "Acme SAS"),
            Reasons.NoOnwardTransfer, 4);

    // Rule 5
    [Fact]
    public void Rule05_partner_sharing_to_a_listed_partner_is_allowed_by_consent()
    {
        var d = Decide(new FactsBuilder().Given(purpose: "partner-sharing", partners: ["Acme SAS", "Librairie Dupont SARL"], receiptId: "R-partners").Build(),
            purpose: "partner-sharing", partner: "librairie dupont sarl");
        AssertAllowed(d, Bases.Consent, 5);
        Assert.Equal("R-partners", d.ReceiptId);
    }

    [Fact]
    public void Rule05_a_partner_not_on_the_list_shown_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Given(purpose: "partner-sharing", partners: ["Acme SAS"]).Build(), purpose: "partner-sharing", partner: "Hubside"),
            Reasons.PartnerNotListed, 5);

    [Fact]
    public void Rule05_no_partner_sharing_consent_refuses_no_consent()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), purpose: "partner-sharing", partner: "Acme SAS"), Reasons.NoConsent, 5);

    // Rule 6
    [Fact]
    public void Rule06_partner_sharing_by_post_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder().Box("postal", "partner-sharing", "refused").Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"),
            Bases.LegitimateInterest, 6);

    // Rule 7
    [Fact]
    public void Rule07_a_generic_business_address_of_a_professional_is_allowed()
        => AssertAllowed(Decide(new FactsBuilder("contact@entreprise.fr").Build(), audience: "professional"), Bases.GenericBusinessAddress, 7);

    [Fact]
    public void Rule07_a_generic_address_list_is_configurable()
        => AssertRefused(Decide(new FactsBuilder("contact@entreprise.fr").Build(), audience: "professional", rules: new RulesOptions { GenericAddressPrefixes = "ventes" }),
            Reasons.UnknownSubject, 2);

    // Rule 8
    [Fact]
    public void Rule08_a_valid_consent_allows_email_with_its_receipt_and_expiry()
    {
        var d = Decide(new FactsBuilder().Given(receiptId: "R-1").Build());
        AssertAllowed(d, Bases.Consent, 8);
        Assert.Equal("R-1", d.ReceiptId);
        Assert.Equal(Collected.AddYears(3), d.ExpiresAt);
    }

    [Fact]
    public void Rule08_a_consent_for_email_does_not_allow_sms()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "sms"), Reasons.NoConsent, 11);

    // Rule 9
    [Fact]
    public void Rule09_a_customer_for_similar_products_is_soft_opt_in()
        => AssertAllowed(Decide(new FactsBuilder().Box("email", "marketing", "refused").Interaction("purchase", Collected.AddMonths(2)).Build(),
            at: Collected.AddMonths(3), similarProducts: true), Bases.SoftOptIn, 9);

    [Fact]
    public void Rule09_soft_opt_in_needs_similar_products()
        => AssertRefused(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddMonths(3)), Reasons.NoConsent, 11);

    [Fact]
    public void Rule09_a_last_purchase_three_years_and_one_day_old_is_expired()
        => AssertRefused(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddYears(3).AddDays(1), similarProducts: true),
            Reasons.Expired, 3);

    [Fact]
    public void Rule09_a_last_purchase_three_years_minus_one_day_old_still_allows()
        => AssertAllowed(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddYears(3).AddDays(-1), similarProducts: true),
            Bases.SoftOptIn, 9);

    // Rule 10
    [Fact]
    public void Rule10_a_non_commercial_appeal_to_an_informed_person_is_soft_opt_in()
        => AssertAllowed(Decide(new FactsBuilder().Box("email", "non-commercial", "refused").Build(), purpose: "non-commercial"), Bases.SoftOptIn, 10);

    // Rule 11
    [Fact]
    public void Rule11_a_pre_ticked_box_that_is_the_only_record_refuses_pre_ticked()
        => AssertRefused(Decide(new FactsBuilder().Box("email", "marketing", "invalid", reason: "pre-ticked").Build()), Reasons.PreTicked, 11);

    [Fact]
    public void Rule11_an_unticked_box_refuses_no_consent()
        => AssertRefused(Decide(new FactsBuilder().Box("email", "marketing", "refused").Build()), Reasons.NoConsent, 11);

    [Fact]
    public void Rule11_a_withdrawn_consent_leaves_no_consent_after_a_later_objection_to_another_purpose()
        => AssertRefused(Decide(new FactsBuilder().Box("email", "marketing", "refused").Suppressed("objection", Collected.AddDays(1), "email", "partner-sharing").Build()),
            Reasons.NoConsent, 11);

    // Rule 12
    [Fact]
    public void Rule12_a_professional_about_their_profession_is_legitimate_interest()
        => AssertAllowed(Decide(new FactsBuilder("j.martin@entreprise.fr").Box("email", "marketing", "refused", audience: "professional").Build(), relatedToProfession: true),
            Bases.LegitimateInterest, 12);

    [Fact]
    public void Rule12_a_professional_about_something_else_is_refused()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Box("email", "marketing", "refused", audience: "professional").Build()),
            Reasons.NotRelatedToProfession, 12);

    // Rule 13
    [Fact]
    public void Rule13_a_consumer_phone_call_on_2026_08_11_needs_consent()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Box("phone", "marketing", "refused").Build(), channel: "phone",
            at: new DateTimeOffset(2026, 8, 11, 0, 0, 0, TimeSpan.Zero)), Reasons.NoConsent, 13);

    [Fact]
    public void Rule13_a_consumer_phone_call_with_consent_is_allowed()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Given("phone").Build(), channel: "phone",
            at: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)), Bases.Consent, 13);

    [Fact]
    public void Rule13_an_ongoing_contract_for_similar_products_is_soft_opt_in()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Interaction("customer-start", Collected).Build(), channel: "phone",
            at: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), similarProducts: true), Bases.SoftOptIn, 13);

    // Rule 14
    [Fact]
    public void Rule14_a_consumer_phone_call_the_day_before_2026_08_11_is_opt_out()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Box("phone", "marketing", "refused").Build(), channel: "phone",
            at: new DateTimeOffset(2026, 8, 10, 23, 59, 59, TimeSpan.Zero)), Bases.LegitimateInterest, 14);

    [Fact]
    public void Rule14_the_date_is_configurable()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Box("phone", "marketing", "refused").Build(), channel: "phone",
            at: new DateTimeOffset(2026, 8, 10, 0, 0, 0, TimeSpan.Zero), rules: new RulesOptions { PhoneOptInFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) }),
            Reasons.NoConsent, 13);

    // Rule 15
    [Fact]
    public void Rule15_a_professional_phone_call_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Box("phone", "marketing", "refused", audience: "professional").Build(), channel: "phone",
            at: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)), Bases.LegitimateInterest, 15);

    // Rule 16
    [Fact]
    public void Rule16_post_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder().Box("postal", "marketing", "refused").Build(), channel: "postal"), Bases.LegitimateInterest, 16);

    [Fact]
    public void Rule16_post_to_someone_never_informed_on_that_channel_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "postal"), Reasons.NoConsent, 16);

    // Audience
    [Fact]
    public void The_audience_of_the_latest_receipt_applies_unless_the_request_names_one()
    {
        var facts = new FactsBuilder("contact@entreprise.fr").Box("email", "marketing", "refused", audience: "professional").Build();
        AssertAllowed(Decide(facts), Bases.GenericBusinessAddress, 7);
        AssertRefused(Decide(facts, audience: "consumer"), Reasons.NoConsent, 11);
    }

    [Fact]
    public void A_decision_about_an_earlier_date_ignores_consents_given_after_it()
        => AssertRefused(Decide(new FactsBuilder().Given(at: Collected.AddDays(10)).Box("email", "marketing", "refused").Build(), at: Collected.AddDays(5)),
            Reasons.NoConsent, 11);

    [Fact]
    public void A_withdrawal_counts_even_for_a_decision_dated_before_it()
        // A campaign tool whose clock lags, or that asks about the time it scheduled, must still see it.
        => AssertRefused(Decide(new FactsBuilder().Given().Suppressed("unsubscribe", Collected.AddDays(10), "email", "marketing").Build(), at: Collected.AddDays(5)),
            Reasons.Withdrawn, 1);

    [Fact]
    public void Rule04_postal_data_from_a_partner_is_not_passed_on_even_when_email_was_given_directly()
        => AssertRefused(Decide(new FactsBuilder().Given().Box("postal", "marketing", "refused", source: "partner").Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"),
            Reasons.NoOnwardTransfer, 4);

    [Fact]
    public void Rule06_partner_sharing_by_post_of_someone_never_informed_by_post_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"),
            Reasons.NoConsent, 6);

    [Fact]
    public void Rule12_a_professional_never_informed_is_refused_with_the_rows_own_reason()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Box("sms", "marketing", "refused", audience: "professional").Build(), relatedToProfession: true),
            Reasons.NotRelatedToProfession, 12);
}
