using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Tests.Decisions;
using static ConsentFunctions.Tests.Decisions.FactsBuilder;

namespace ConsentFunctions.Tests.DoubleOptIn;

/// <summary>RULES.md section 2 (double opt-in and re-permission) in the pure engine.</summary>
public class PendingDecisionTests
{
    private static readonly DateTimeOffset By = Collected.AddDays(7);

    private static void AssertRefused(Decision d, string reason, int rule)
    {
        Assert.False(d.Allowed);
        Assert.Equal((reason, rule), (d.Reason, d.Rule));
    }

    [Fact]
    public void A_pending_consent_refuses_pending_confirmation_until_its_confirm_by_then_no_consent()
    {
        var facts = new FactsBuilder().Pending(Collected, By).Build();
        AssertRefused(Decide(facts, at: Collected.AddDays(1)), Reasons.PendingConfirmation, 12);
        AssertRefused(Decide(facts, at: By), Reasons.NoConsent, 12);
        AssertRefused(Decide(facts, at: Collected.AddMinutes(-1)), Reasons.UnknownSubject, 2); // did not exist yet
    }

    [Fact]
    public void A_pending_consent_informs_no_one()
        => AssertRefused(Decide(new FactsBuilder().Pending(Collected, By, audience: "professional").Build(), at: Collected.AddDays(1), relatedToProfession: true),
            Reasons.NotInformed, 13);

    [Fact]
    public void A_pending_consent_after_a_withdrawal_is_named_by_rule_1_and_one_before_it_is_not()
    {
        var after = new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-1), "email", "marketing").Pending(Collected, By).Build();
        AssertRefused(Decide(after, at: Collected.AddDays(1)), Reasons.PendingConfirmation, 1);
        var before = new FactsBuilder().Pending(Collected, By).Suppressed("unsubscribe", Collected.AddDays(1), "email", "marketing").Build();
        AssertRefused(Decide(before, at: Collected.AddDays(2)), Reasons.Withdrawn, 1);
    }

    [Fact]
    public void A_confirmed_consent_is_dated_at_its_confirmation_and_lifts_a_withdrawal_or_objection()
    {
        var confirmedAt = Collected.AddDays(2);
        foreach (var kind in new[] { "unsubscribe", "objection" })
        {
            var facts = new FactsBuilder().Suppressed(kind, Collected.AddDays(-1), "email", "marketing").Confirmed(Collected, confirmedAt).Build();
            var d = Decide(facts, at: confirmedAt.AddMinutes(1));
            Assert.True(d.Allowed);
            Assert.Equal((Bases.Consent, 8), (d.Basis, d.Rule));
            AssertRefused(Decide(facts, at: Collected.AddDays(1)), Reasons.PendingConfirmation, 1); // not yet confirmed then
        }
    }

    [Fact]
    public void Only_a_public_consent_after_a_withdrawal_or_objection_is_held_back()
    {
        static bool HeldBack(FactsBuilder b)
        {
            var facts = b.Build();
            return PersonActs.IsHeldBack(facts, facts.Consents[^1]);
        }
        Assert.True(HeldBack(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-1), "email", "marketing").Given()));
        Assert.True(HeldBack(new FactsBuilder().Suppressed("objection", Collected.AddDays(-1)).Given()));
        Assert.True(HeldBack(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-2), "email", "marketing").Refused(at: Collected.AddDays(-1)).Given()));
        Assert.False(HeldBack(new FactsBuilder().Refused(at: Collected.AddDays(-1)).Given()));
        Assert.False(HeldBack(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-1), "sms", "marketing").Given()));
        Assert.False(HeldBack(new FactsBuilder().Suppressed("unsubscribe", Collected.AddDays(-2), "email", "marketing").Given(via: "admin", at: Collected.AddDays(-1)).Given()));
        Assert.False(HeldBack(new FactsBuilder().Given().Suppressed("unsubscribe", Collected.AddDays(1), "email", "marketing")));
    }
}
