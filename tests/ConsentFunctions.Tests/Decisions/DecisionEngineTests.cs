using ConsentFunctions.Core.Decisions;
using static ConsentFunctions.Tests.Decisions.FactsBuilder;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>RULES.md section 3 (version 2), row by row, on the pure engine.</summary>
public class DecisionEngineTests
{
    private static readonly DateTimeOffset OptInDay = new(2026, 8, 11, 0, 0, 0, TimeSpan.FromHours(2));

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

    // 1. The latest act decides.
    [Fact]
    public void Rule01_an_unsubscribe_newer_than_the_consent_refuses_withdrawn()
        => AssertRefused(Decide(new FactsBuilder().Given().Suppressed("unsubscribe", Collected.AddDays(3), "email", "marketing").Build()), Reasons.Withdrawn, 1);

    [Fact]
    public void Rule01_an_objection_to_all_channels_refuses_even_postal()
        => AssertRefused(Decide(new FactsBuilder().Given("postal").Suppressed("objection", Collected.AddDays(1)).Build(), channel: "postal"), Reasons.Objection, 1);

    [Fact]
    public void Rule01_a_consent_then_an_unticked_box_on_a_later_form_refuses()
        => AssertRefused(Decide(new FactsBuilder().Given().Refused(at: Collected.AddDays(10)).Build()), Reasons.Refused, 1);

    [Fact]
    public void Rule01_a_refusal_then_a_consent_on_a_later_public_form_allows()
    {
        var d = Decide(new FactsBuilder().Refused().Given(at: Collected.AddDays(10), receiptId: "later").Build());
        AssertAllowed(d, Bases.Consent, 8);
        Assert.Equal("later", d.ReceiptId);
    }

    [Fact]
    public void Rule01_a_public_consent_after_a_withdrawal_does_not_lift_it()
        => AssertRefused(Decide(new FactsBuilder().Given().Suppressed("unsubscribe", Collected.AddDays(1), "email", "marketing")
            .Given(at: Collected.AddDays(2), receiptId: "again").Build()), Reasons.Withdrawn, 1);

    [Fact]
    public void Rule01_a_public_consent_after_an_objection_does_not_lift_it()
        => AssertRefused(Decide(new FactsBuilder().Suppressed("objection", Collected.AddDays(-1)).Given().Build()), Reasons.Objection, 1);

    [Fact]
    public void Rule01_a_refusal_between_a_withdrawal_and_a_public_consent_does_not_open_the_way()
        => AssertRefused(Decide(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-2), "email", "marketing")
            .Refused(at: Collected.AddDays(-1)).Given().Build()), Reasons.Refused, 1);

    [Fact]
    public void Rule01_a_consent_recorded_with_the_admin_key_lifts_a_withdrawal()
    {
        var d = Decide(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-1), "email", "marketing").Given(via: "admin", receiptId: "admin").Build());
        AssertAllowed(d, Bases.Consent, 8);
        Assert.Equal("admin", d.ReceiptId);
    }

    [Fact]
    public void Rule01_a_partner_consent_never_lifts_a_refusal_made_to_us_whatever_its_date()
        => AssertRefused(Decide(new FactsBuilder().Refused().Given(source: "partner", partners: ["Boutique"], at: Collected.AddDays(5), collectedAt: Collected.AddDays(4)).Build()),
            Reasons.Refused, 1);

    [Fact]
    public void Rule01_a_partner_consent_is_dated_by_its_collection()
        => AssertRefused(Decide(new FactsBuilder().Given(source: "partner", partners: ["Boutique"], at: Collected.AddDays(5), collectedAt: Collected.AddDays(-100))
            .Given(at: Collected.AddDays(-50)).Refused(at: Collected.AddDays(-10)).Build()), Reasons.Refused, 1);

    [Fact]
    public void Rule01_an_objection_to_another_channel_does_not_apply()
        => AssertAllowed(Decide(new FactsBuilder().Given().Suppressed("objection", Collected.AddDays(1), "sms").Build()), Bases.Consent, 8);

    [Fact]
    public void Rule01_the_suppression_list_refuses_after_erasure()
        => AssertRefused(Decide(new FactsBuilder().Suppressed("objection", Collected).Build()), Reasons.Objection, 1);

    [Fact]
    public void Rule01_an_erasure_is_not_undone_by_a_public_consent_posted_afterwards()
        => AssertRefused(Decide(new FactsBuilder().Suppressed("objection", Collected.AddDays(-1)).Given().Build()), Reasons.Objection, 1);

    [Fact]
    public void Rule01_a_refusal_recorded_after_at_still_counts()
        => AssertRefused(Decide(new FactsBuilder().Given().Refused(at: Collected.AddMonths(2)).Build(), at: Collected.AddMonths(1)), Reasons.Refused, 1);

    [Fact]
    public void A_decision_about_an_earlier_date_ignores_consents_given_after_it()
        => AssertRefused(Decide(new FactsBuilder().Informed().Given(at: Collected.AddMonths(2)).Build(), at: Collected.AddMonths(1)), Reasons.NoConsent, 12);

    // 2, 3.
    [Fact]
    public void Rule02_nobody_known_refuses_unknown_subject()
        => AssertRefused(Decide(new FactsBuilder().Build()), Reasons.UnknownSubject, 2);

    [Fact]
    public void Rule03_a_prospect_past_three_years_refuses_expired()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), at: Collected.AddYears(3).AddDays(1)), Reasons.Expired, 3);

    [Fact]
    public void Rule03_a_prospect_who_clicked_last_year_is_not_expired()
        => AssertAllowed(Decide(new FactsBuilder().Given().Interaction("prospect-contact", Collected.AddYears(2)).Build(), at: Collected.AddYears(3).AddDays(1)), Bases.Consent, 8);

    [Fact]
    public void Rule03_an_import_is_dated_by_its_collection_for_retention()
        => AssertRefused(Decide(new FactsBuilder().Given(source: "partner", partners: ["Boutique"], collectedAt: Collected.AddYears(-3).AddDays(-2)).Build()), Reasons.Expired, 3);

    // 4–6. Partner sharing.
    [Fact]
    public void Rule04_data_from_a_partner_is_never_passed_on()
        => AssertRefused(Decide(new FactsBuilder().Given(purpose: "partner-sharing", partners: ["Acme SAS"], source: "partner").Build(), purpose: "partner-sharing", partner: "Acme SAS"),
            Reasons.NoOnwardTransfer, 4);

    [Fact]
    public void Rule05_partner_sharing_to_a_listed_partner_is_allowed_by_consent()
    {
        var d = Decide(new FactsBuilder().Given(purpose: "partner-sharing", partners: ["Acme SAS", "Librairie Dupont SARL"], receiptId: "R-partners").Build(),
            purpose: "partner-sharing", partner: "acme sas");
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

    [Fact]
    public void Rule05_a_consumer_phone_shared_from_the_opt_in_date_needs_a_consent_naming_the_partner()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Informed("phone", "partner-sharing", partners: ["Acme SAS"]).Build(),
            channel: "phone", purpose: "partner-sharing", partner: "Acme SAS", at: OptInDay), Reasons.NoConsent, 5);

    [Fact]
    public void Rule06_partner_sharing_by_post_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder().Informed("postal", "partner-sharing", partners: ["Acme SAS"]).Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"),
            Bases.LegitimateInterest, 6);

    [Fact]
    public void Rule06_a_refused_partner_transfer_by_post_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Refused("postal", "partner-sharing", partners: ["Acme SAS"]).Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"),
            Reasons.Refused, 1);

    [Fact]
    public void Rule06_partner_sharing_by_post_of_someone_never_informed_by_post_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "postal", purpose: "partner-sharing", partner: "Acme SAS"), Reasons.NotInformed, 6);

    // 7, 8.
    [Fact]
    public void Rule07_a_generic_business_address_of_a_professional_is_allowed()
        => AssertAllowed(Decide(new FactsBuilder("contact@entreprise.fr").Build(), audience: "professional"), Bases.GenericBusinessAddress, 7);

    [Fact]
    public void Rule07_a_generic_address_list_is_configurable()
        => AssertRefused(Decide(new FactsBuilder("contact@entreprise.fr").Build(), audience: "professional", rules: new RulesOptions { GenericAddressPrefixes = "ventes" }),
            Reasons.UnknownSubject, 2);

    [Fact]
    public void Rule07_never_fax()
        => AssertRefused(Decide(new FactsBuilder("contact@entreprise.fr").Build(), channel: "fax", audience: "professional"), Reasons.NoConsent, 11);

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
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "sms"), Reasons.NoConsent, 12);

    [Fact]
    public void Rule08_a_professional_consent_allows_fax()
        => AssertAllowed(Decide(new FactsBuilder().Given("fax", audience: "professional").Build(), channel: "fax", audience: "professional"), Bases.Consent, 8);

    // 9. Soft opt-in.
    [Fact]
    public void Rule09_a_customer_who_bought_for_similar_products_is_soft_opt_in()
        => AssertAllowed(Decide(new FactsBuilder().Informed().Interaction("purchase", Collected.AddMonths(2)).Build(),
            at: Collected.AddMonths(3), similarProducts: true), Bases.SoftOptIn, 9);

    [Fact]
    public void Rule09_a_customer_who_refused_at_checkout_gets_no_soft_opt_in()
        => AssertRefused(Decide(new FactsBuilder().Refused().Interaction("purchase", Collected).Build(), at: Collected.AddMonths(3), similarProducts: true),
            Reasons.Refused, 1);

    [Fact]
    public void Rule09_an_account_without_a_sale_is_not_a_customer()
        => AssertRefused(Decide(new FactsBuilder().Informed().Interaction("customer-start", Collected).Build(), at: Collected.AddMonths(3), similarProducts: true),
            Reasons.NoConsent, 12);

    [Fact]
    public void Rule09_never_fax()
        => AssertRefused(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), channel: "fax", at: Collected.AddMonths(3), similarProducts: true),
            Reasons.NoConsent, 11);

    [Fact]
    public void Rule09_soft_opt_in_needs_similar_products()
        => AssertRefused(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddMonths(3)), Reasons.NoConsent, 12);

    [Fact]
    public void Rule09_a_last_purchase_three_years_and_one_day_old_is_expired()
        => AssertRefused(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddYears(3).AddDays(1), similarProducts: true),
            Reasons.Expired, 3);

    [Fact]
    public void Rule09_a_last_purchase_three_years_minus_one_day_old_still_allows()
        => AssertAllowed(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), at: Collected.AddYears(3).AddDays(-1), similarProducts: true),
            Bases.SoftOptIn, 9);

    // 10–12.
    [Fact]
    public void Rule10_a_non_commercial_appeal_to_an_informed_person_is_allowed()
        => AssertAllowed(Decide(new FactsBuilder().Informed("email", "non-commercial").Build(), purpose: "non-commercial"), Bases.NonCommercial, 10);

    [Fact]
    public void Rule10_a_person_informed_of_marketing_only_is_not_informed_of_non_commercial_appeals()
        => AssertRefused(Decide(new FactsBuilder().Informed().Build(), purpose: "non-commercial"), Reasons.NoConsent, 12);

    [Fact]
    public void Rule11_fax_to_a_professional_needs_consent()
        => AssertRefused(Decide(new FactsBuilder().Informed("fax", audience: "professional").Build(), channel: "fax", audience: "professional", relatedToProfession: true),
            Reasons.NoConsent, 11);

    [Fact]
    public void Rule12_a_pre_ticked_box_that_is_the_only_record_refuses_pre_ticked()
        => AssertRefused(Decide(new FactsBuilder().Box("email", "marketing", "invalid", reason: "pre-ticked").Build()), Reasons.PreTicked, 12);

    [Fact]
    public void Rule12_an_opt_out_box_left_unticked_is_no_consent()
        => AssertRefused(Decide(new FactsBuilder().Informed().Build()), Reasons.NoConsent, 12);

    // 13. Professionals.
    [Fact]
    public void Rule13_a_professional_about_their_profession_is_legitimate_interest()
        => AssertAllowed(Decide(new FactsBuilder("j.martin@entreprise.fr").Informed(audience: "professional").Build(), relatedToProfession: true),
            Bases.LegitimateInterest, 13);

    [Fact]
    public void Rule13_a_professional_about_something_else_is_refused()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Informed(audience: "professional").Build()), Reasons.NotRelatedToProfession, 13);

    [Fact]
    public void Rule13_a_professional_never_informed_is_refused_not_informed()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Informed("postal", audience: "professional").Build(), relatedToProfession: true),
            Reasons.NotInformed, 13);

    [Fact]
    public void Rule13_a_professional_who_refused_is_refused()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Refused(audience: "professional").Build(), relatedToProfession: true), Reasons.Refused, 1);

    [Fact]
    public void The_stricter_audience_applies_a_caller_cannot_make_a_consumer_a_professional()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Informed(audience: "consumer").Build(), audience: "professional", relatedToProfession: true),
            Reasons.NoConsent, 12);

    [Fact]
    public void The_stricter_audience_applies_a_caller_may_ask_about_a_professional_as_a_consumer()
        => AssertRefused(Decide(new FactsBuilder("j.martin@entreprise.fr").Informed(audience: "professional").Build(), audience: "consumer", relatedToProfession: true),
            Reasons.NoConsent, 12);

    // 14, 15. Phone.
    [Fact]
    public void Rule14_a_consumer_phone_call_on_2026_08_11_in_Paris_needs_consent()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Informed("phone").Build(), channel: "phone", at: OptInDay), Reasons.NoConsent, 14);

    [Fact]
    public void Rule14_a_consumer_phone_call_with_consent_is_allowed()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Given("phone").Build(), channel: "phone", at: OptInDay.AddDays(1).AddHours(11)), Bases.Consent, 14);

    [Fact]
    public void Rule14_an_ongoing_contract_for_similar_products_is_its_own_basis()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Interaction("customer-start", Collected).Build(), channel: "phone",
            at: OptInDay.AddDays(1).AddHours(11), similarProducts: true), Bases.OngoingContract, 14);

    [Fact]
    public void Rule15_a_consumer_phone_call_the_day_before_the_opt_in_date_is_opt_out()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Informed("phone").Build(), channel: "phone", at: OptInDay.AddHours(-13)),
            Bases.LegitimateInterest, 15);

    [Fact]
    public void Rule15_the_opt_in_date_is_midnight_in_Paris_not_UTC()
        => Assert.Equal(new DateTimeOffset(2026, 8, 10, 22, 0, 0, TimeSpan.Zero), new RulesOptions().PhoneOptInFrom.ToUniversalTime());

    [Fact]
    public void Rule17_an_allowed_consumer_call_outside_the_calling_hours_is_refused_with_the_next_moment()
    {
        var d = Decide(new FactsBuilder("+33612345678").Informed("phone").Build(), channel: "phone", at: OptInDay.AddMinutes(-1));
        AssertRefused(d, "outside-calling-hours", 17);
        // Tuesday 11 August, 10:00 in Paris. nextAllowedAt speaks of the decree only: from that day the
        // opt-in of rule 14 applies too, and a dialer asking then is told no-consent.
        Assert.Equal(OptInDay.AddHours(10), d.NextAllowedAt);
    }

    [Fact]
    public void Rule15_the_opt_in_date_is_configurable()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Informed("phone").Build(), channel: "phone", at: Collected.AddMonths(1),
            rules: new RulesOptions { PhoneOptInFrom = Collected }), Reasons.NoConsent, 14);

    [Fact]
    public void Rule15_a_professional_phone_call_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder("+33612345678").Informed("phone", audience: "professional").Build(), channel: "phone",
            audience: "professional", at: OptInDay.AddDays(1)), Bases.LegitimateInterest, 15);

    [Fact]
    public void Rule15_a_professional_never_informed_by_phone_is_refused()
        => AssertRefused(Decide(new FactsBuilder("+33612345678").Informed("sms", audience: "professional").Build(), channel: "phone",
            audience: "professional", at: OptInDay.AddDays(1)), Reasons.NotInformed, 15);

    // 16. Post.
    [Fact]
    public void Rule16_post_is_legitimate_interest_when_informed()
        => AssertAllowed(Decide(new FactsBuilder().Informed("postal").Build(), channel: "postal"), Bases.LegitimateInterest, 16);

    [Fact]
    public void Rule16_a_purchase_informs_of_marketing_by_post()
        => AssertAllowed(Decide(new FactsBuilder().Interaction("purchase", Collected).Build(), channel: "postal", at: Collected.AddMonths(1)), Bases.LegitimateInterest, 16);

    [Fact]
    public void Rule16_post_to_someone_never_informed_on_that_channel_is_refused()
        => AssertRefused(Decide(new FactsBuilder().Given().Build(), channel: "postal"), Reasons.NotInformed, 16);

    [Fact]
    public void Rule16_an_opt_out_box_ticked_is_a_refusal_by_post()
        => AssertRefused(Decide(new FactsBuilder().Refused("postal").Build(), channel: "postal"), Reasons.Refused, 1);

    // Notes under the table.
    [Fact]
    public void The_answer_names_the_partner_the_data_came_from()
    {
        var d = Decide(new FactsBuilder().Given(source: "partner", partners: ["Boutique"], collectedAt: Collected.AddDays(-1)).Build());
        AssertAllowed(d, Bases.Consent, 8);
        Assert.Equal("Acme SAS", d.SourcePartner);
    }

    [Fact]
    public void Rule17_a_refusal_during_a_call_holds_back_a_professional_for_60_days()
    {
        var refused = OptInDay.AddDays(1).AddHours(11);
        var facts = new FactsBuilder("+33612345678").Informed("phone", audience: "professional").Interaction("call-refused", refused).Build();
        var d = Decide(facts, channel: "phone", audience: "professional", at: refused.AddDays(10));
        AssertRefused(d, "refused-on-call", 17);
        Assert.Equal(refused.AddDays(60), d.NextAllowedAt);
        AssertAllowed(Decide(facts, channel: "phone", audience: "professional", at: refused.AddDays(60)), Bases.LegitimateInterest, 15);
    }
}
