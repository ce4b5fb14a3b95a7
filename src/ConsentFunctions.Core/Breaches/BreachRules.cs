namespace ConsentFunctions.Core.Breaches;

/// <summary>Where a breach stands, as the register shows it.</summary>
public static class BreachStatuses
{
    /// <summary>Not notified, no decision not to notify, deadline ahead.</summary>
    public const string Open = "open";

    /// <summary>Not notified, no decision not to notify, deadline passed.</summary>
    public const string Overdue = "overdue";

    /// <summary>Notified to the supervisory authority.</summary>
    public const string Notified = "notified";

    /// <summary>Decided not to notify (no risk to people), with reasons.</summary>
    public const string NotNotified = "not-notified";
}

/// <summary>
/// The rules of GDPR art. 33 and 34 that the register and the watch apply (RULES.md section 7).
/// Pure: no I/O, no clock read; every time is a parameter.
/// </summary>
public static class BreachRules
{
    /// <summary>Art. 33(1): notify within 72 hours after becoming aware of the breach.</summary>
    public static readonly TimeSpan NotificationWindow = TimeSpan.FromHours(72);

    /// <summary>Hours after awareAt at which the watch alerts; the last one is the deadline itself.</summary>
    public static readonly IReadOnlyList<int> AlertThresholds = [24, 48, 60, 68, 72];

    public static readonly IReadOnlySet<string> RiskLevels = new HashSet<string>(StringComparer.Ordinal) { "none", "risk", "high" };

    /// <summary>Art. 34(3): why the people were not told, when they were not.</summary>
    public static readonly IReadOnlySet<string> NotInformedReasons = new HashSet<string>(StringComparer.Ordinal)
        { "not-high-risk", "encrypted", "risk-removed", "disproportionate-effort" };

    public const string NoRisk = "none";
    public const string HighRisk = "high";

    public static DateTimeOffset Deadline(DateTimeOffset awareAt) => awareAt + NotificationWindow;

    /// <summary>Art. 33(1): a notification after the deadline must carry the reasons for the delay.</summary>
    public static bool DelayReasonRequired(DateTimeOffset awareAt, DateTimeOffset notifiedAt) => notifiedAt > Deadline(awareAt);

    /// <summary>Hours until the deadline, negative once it passed, to two decimals.</summary>
    public static double HoursLeft(DateTimeOffset awareAt, DateTimeOffset now)
        => Math.Round((Deadline(awareAt) - now).TotalHours, 2, MidpointRounding.AwayFromZero);

    /// <summary>The authority still has to be notified (nothing sent, no decision not to).</summary>
    public static bool AwaitsNotification(BreachState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Notification is null && state.Decision?.NotifyAuthority != false;
    }

    public static string Status(BreachState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Notification is not null)
        {
            return BreachStatuses.Notified;
        }
        if (state.Decision?.NotifyAuthority == false)
        {
            return BreachStatuses.NotNotified;
        }
        return now >= Deadline(state.AwareAt) ? BreachStatuses.Overdue : BreachStatuses.Open;
    }

    /// <summary>The latest threshold whose time has come at <paramref name="now"/>, or 0 before the first.</summary>
    public static int LatestThresholdPassed(DateTimeOffset awareAt, DateTimeOffset now)
    {
        var latest = 0;
        foreach (var threshold in AlertThresholds)
        {
            if (now >= awareAt + TimeSpan.FromHours(threshold))
            {
                latest = threshold;
            }
        }
        return latest;
    }

    /// <summary>
    /// Which threshold the watch must claim now, or null. Only the latest threshold passed ever
    /// fires (a watch that was down for a day sends one alert, not every missed one), and each
    /// fires once: a threshold already claimed fires again only when its claim is pending (the
    /// queue message was not confirmed) and the claim is older than the lease, so a sender that
    /// died mid-way is replaced while a concurrent one that is still sending is not.
    /// </summary>
    public static int? ThresholdToClaim(BreachState state, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!AwaitsNotification(state))
        {
            return null;
        }
        var latest = LatestThresholdPassed(state.AwareAt, now);
        var alert = state.Alert;
        if (latest > alert.Threshold)
        {
            return latest;
        }
        if (latest == alert.Threshold && alert.Pending && alert.ClaimedAt is { } claimedAt && now - claimedAt >= lease)
        {
            return latest;
        }
        return null;
    }

    /// <summary>
    /// Whether the watch still has anything to do for this breach: it awaits notification and its
    /// last alert (the deadline's) is not yet sent. The open-breach index holds exactly these.
    /// </summary>
    public static bool IsWatched(BreachState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var last = AlertThresholds[^1];
        return AwaitsNotification(state) && !(state.Alert.Threshold == last && !state.Alert.Pending);
    }

    /// <summary>Art. 33(3) content not yet given, and art. 34 when the risk is high: what the DPO still owes.</summary>
    public static IReadOnlyList<string> MissingContent(BreachFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var missing = new List<string>();
        void Need(bool present, string field)
        {
            if (!present)
            {
                missing.Add(field);
            }
        }
        Need(facts.Nature is not null, "nature");
        Need(facts.CategoriesOfPeople is not null, "categoriesOfPeople");
        Need(facts.ApproximatePeople is not null, "approximatePeople");
        Need(facts.CategoriesOfRecords is not null, "categoriesOfRecords");
        Need(facts.ApproximateRecords is not null, "approximateRecords");
        Need(facts.LikelyConsequences is not null, "likelyConsequences");
        Need(facts.Measures is not null, "measures");
        Need(facts.DpoContact is not null, "dpoContact");
        Need(facts.RiskLevel is not null, "riskLevel");
        Need(facts.RiskLevel != HighRisk || facts.PeopleInformed is not null, "peopleInformed");
        return missing;
    }
}
