using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>The pure rules of RULES.md section 7: deadline, thresholds, claims, delay reasons.</summary>
public class BreachRulesTests
{
    private static readonly DateTimeOffset AwareAt = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static BreachState State(AlertProgress? alert = null, BreachNotification? notification = null, BreachDecision? decision = null, string? riskLevel = "risk")
        => new()
        {
            Id = "0193a1b2c3d4e5f60718293a4b5c6d7e", AwareAt = AwareAt, Facts = new BreachFacts { RiskLevel = riskLevel },
            CreatedAt = AwareAt, UpdatedAt = AwareAt, Alert = alert ?? new AlertProgress(), Notification = notification, Decision = decision,
        };

    private static DateTimeOffset At(double hours) => AwareAt.AddHours(hours);

    [Fact]
    public void The_deadline_is_72_hours_after_awareness_not_after_the_breach()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), BreachRules.Deadline(AwareAt));
        Assert.Equal(72, BreachRules.HoursLeft(AwareAt, AwareAt));
        Assert.Equal(0.5, BreachRules.HoursLeft(AwareAt, At(71.5)));
        Assert.Equal(-2, BreachRules.HoursLeft(AwareAt, At(74)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(71.99, false)]
    [InlineData(72, false)]
    [InlineData(72.001, true)]
    [InlineData(200, true)]
    public void A_delay_reason_is_required_only_after_72_hours(double hours, bool required)
        => Assert.Equal(required, BreachRules.DelayReasonRequired(AwareAt, At(hours)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23.99, 0)]
    [InlineData(24, 24)]
    [InlineData(47, 24)]
    [InlineData(48, 48)]
    [InlineData(60, 60)]
    [InlineData(67.9, 60)]
    [InlineData(68, 68)]
    [InlineData(71.99, 68)]
    [InlineData(72, 72)]
    [InlineData(500, 72)]
    public void The_latest_threshold_passed(double hours, int threshold)
        => Assert.Equal(threshold, BreachRules.LatestThresholdPassed(AwareAt, At(hours)));

    [Fact]
    public void Each_threshold_is_claimed_once_and_in_order()
    {
        var alert = new AlertProgress();
        var claimed = new List<int>();
        for (var minutes = 0; minutes <= 80 * 60; minutes += 10)
        {
            var now = AwareAt.AddMinutes(minutes);
            if (BreachRules.ThresholdToClaim(State(alert), now, Lease) is { } due)
            {
                claimed.Add(due);
                alert = new AlertProgress(due, Pending: false, ClaimedAt: now, SentAt: now);
            }
        }
        Assert.Equal([24, 48, 60, 68, 72], claimed);
    }

    [Fact]
    public void After_a_long_outage_only_the_latest_threshold_is_claimed()
    {
        Assert.Equal(68, BreachRules.ThresholdToClaim(State(new AlertProgress(24)), At(70), Lease));
        Assert.Null(BreachRules.ThresholdToClaim(State(new AlertProgress(68)), At(71), Lease));
        Assert.Equal(72, BreachRules.ThresholdToClaim(State(new AlertProgress(68)), At(96), Lease));
    }

    [Fact]
    public void An_unconfirmed_claim_is_claimed_again_only_after_the_lease()
    {
        var pending = new AlertProgress(48, Pending: true, ClaimedAt: At(48));
        Assert.Null(BreachRules.ThresholdToClaim(State(pending), At(48), Lease));
        Assert.Null(BreachRules.ThresholdToClaim(State(pending), At(48).AddMinutes(4), Lease));
        Assert.Equal(48, BreachRules.ThresholdToClaim(State(pending), At(48).AddMinutes(5), Lease));
        // A later threshold supersedes the unconfirmed one.
        Assert.Equal(60, BreachRules.ThresholdToClaim(State(pending), At(60), Lease));
    }

    [Fact]
    public void A_notified_breach_or_one_decided_not_to_notify_is_never_claimed()
    {
        var notification = new BreachNotification(At(30), "CNIL-1", false, null, At(30));
        var decision = new BreachDecision(false, "Encrypted data, key not exposed.", At(2), At(2));
        Assert.Null(BreachRules.ThresholdToClaim(State(notification: notification), At(50), Lease));
        Assert.Null(BreachRules.ThresholdToClaim(State(decision: decision, riskLevel: "none"), At(50), Lease));
        Assert.Equal(BreachStatuses.Notified, BreachRules.Status(State(notification: notification), At(80)));
        Assert.Equal(BreachStatuses.NotNotified, BreachRules.Status(State(decision: decision, riskLevel: "none"), At(80)));
        // A decision to notify keeps the watch going until the notification is recorded.
        var toNotify = decision with { NotifyAuthority = true };
        Assert.Equal(24, BreachRules.ThresholdToClaim(State(decision: toNotify), At(25), Lease));
    }

    [Fact]
    public void The_status_turns_overdue_at_the_deadline()
    {
        Assert.Equal(BreachStatuses.Open, BreachRules.Status(State(), At(71.9)));
        Assert.Equal(BreachStatuses.Overdue, BreachRules.Status(State(), At(72)));
    }

    [Fact]
    public void The_watch_index_holds_a_breach_until_its_deadline_alert_is_confirmed()
    {
        Assert.True(BreachRules.IsWatched(State()));
        Assert.True(BreachRules.IsWatched(State(new AlertProgress(68))));
        Assert.True(BreachRules.IsWatched(State(new AlertProgress(72, Pending: true, ClaimedAt: At(72)))));
        Assert.False(BreachRules.IsWatched(State(new AlertProgress(72))));
        Assert.False(BreachRules.IsWatched(State(notification: new BreachNotification(At(1), "R", false, null, At(1)))));
    }

    [Fact]
    public void Missing_content_lists_what_art_33_3_still_needs_and_art_34_when_the_risk_is_high()
    {
        Assert.Contains("nature", BreachRules.MissingContent(new BreachFacts()));
        Assert.Contains("riskLevel", BreachRules.MissingContent(new BreachFacts()));
        Assert.DoesNotContain("peopleInformed", BreachRules.MissingContent(new BreachFacts { RiskLevel = "risk" }));
        Assert.Contains("peopleInformed", BreachRules.MissingContent(new BreachFacts { RiskLevel = "high" }));
    }

    [Fact]
    public void Facts_added_later_replace_only_the_fields_they_set()
    {
        var first = new BreachFacts { Nature = "first", ApproximatePeople = 10, RiskLevel = "risk" };
        var merged = first.With(new BreachFacts { ApproximatePeople = 250 });
        Assert.Equal(new BreachFacts { Nature = "first", ApproximatePeople = 250, RiskLevel = "risk" }, merged);
    }

    [Fact]
    public void A_late_notification_needs_a_delay_reason_and_is_marked_late()
    {
        var now = At(80);
        var error = Assert.Throws<RequestValidationException>(() => BreachValidator.ValidateNotification(new NotifyRequest(At(79), "CNIL-1", null), AwareAt, now));
        Assert.True(error.Errors.ToDictionary().ContainsKey("delayReason"));
        var late = BreachValidator.ValidateNotification(new NotifyRequest(At(79), "CNIL-1", "Facts confirmed by the host only on day 3."), AwareAt, now);
        Assert.True(late.Late);
        var onTime = BreachValidator.ValidateNotification(new NotifyRequest(At(71), "CNIL-1", null), AwareAt, now);
        Assert.False(onTime.Late);
    }

    [Fact]
    public void A_decision_not_to_notify_needs_reasons_and_no_risk()
    {
        var risky = Assert.Throws<RequestValidationException>(() =>
            BreachValidator.ValidateDecision(new BreachDecisionRequest(false, "Looks fine.", null), new BreachFacts { RiskLevel = "risk" }, AwareAt, At(1)));
        Assert.True(risky.Errors.ToDictionary().ContainsKey("notifyAuthority"));
        var unexplained = Assert.Throws<RequestValidationException>(() =>
            BreachValidator.ValidateDecision(new BreachDecisionRequest(false, null, null), new BreachFacts { RiskLevel = "none" }, AwareAt, At(1)));
        Assert.True(unexplained.Errors.ToDictionary().ContainsKey("reasons"));
        var decision = BreachValidator.ValidateDecision(new BreachDecisionRequest(false, "Encrypted backup; key not exposed.", null), new BreachFacts { RiskLevel = "none" }, AwareAt, At(1));
        Assert.False(decision.NotifyAuthority);
        Assert.Equal(At(1), decision.DecidedAt);
    }
}
