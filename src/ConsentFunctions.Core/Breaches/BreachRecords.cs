namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// What is known of a breach (art. 33(3) content, the risk assessment, art. 34). Every field is
/// optional because facts come in phases (art. 33(4)); a change carries only what it sets.
/// </summary>
public record BreachFacts
{
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Nature { get; init; }
    public IReadOnlyList<string>? CategoriesOfPeople { get; init; }
    public long? ApproximatePeople { get; init; }
    public IReadOnlyList<string>? CategoriesOfRecords { get; init; }
    public long? ApproximateRecords { get; init; }
    public string? LikelyConsequences { get; init; }
    public string? Measures { get; init; }
    public DpoContact? DpoContact { get; init; }

    /// <summary><c>none</c> | <c>risk</c> | <c>high</c> (risk to the rights and freedoms of people).</summary>
    public string? RiskLevel { get; init; }

    public PeopleInformed? PeopleInformed { get; init; }

    /// <summary>The facts after a change: each field the change sets replaces the known one.</summary>
    public BreachFacts With(BreachFacts change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new BreachFacts
        {
            OccurredAt = change.OccurredAt ?? OccurredAt,
            Nature = change.Nature ?? Nature,
            CategoriesOfPeople = change.CategoriesOfPeople ?? CategoriesOfPeople,
            ApproximatePeople = change.ApproximatePeople ?? ApproximatePeople,
            CategoriesOfRecords = change.CategoriesOfRecords ?? CategoriesOfRecords,
            ApproximateRecords = change.ApproximateRecords ?? ApproximateRecords,
            LikelyConsequences = change.LikelyConsequences ?? LikelyConsequences,
            Measures = change.Measures ?? Measures,
            DpoContact = change.DpoContact ?? DpoContact,
            RiskLevel = change.RiskLevel ?? RiskLevel,
            PeopleInformed = change.PeopleInformed ?? PeopleInformed,
        };
    }
}

/// <summary>The DPO (or contact point) the authority and people can reach. Personal data: never logged.</summary>
public sealed record DpoContact(string? Name, string? Email, string? Phone);

/// <summary>
/// Art. 34: whether the people were told, when and how; or why not (<c>reason</c>:
/// not-high-risk, encrypted, risk-removed, disproportionate-effort with the public notice in <c>details</c>).
/// </summary>
public sealed record PeopleInformed(bool? Informed, DateTimeOffset? At = null, string? How = null, string? Reason = null, string? Details = null);

/// <summary>The notification to the supervisory authority.</summary>
public sealed record BreachNotification(DateTimeOffset NotifiedAt, string Reference, bool Late, string? DelayReason, DateTimeOffset RecordedAt);

/// <summary>The decision whether to notify the authority, with its reasons (art. 33(5)).</summary>
public sealed record BreachDecision(bool NotifyAuthority, string? Reasons, DateTimeOffset DecidedAt, DateTimeOffset RecordedAt);

/// <summary>
/// The watch's bookkeeping: the highest threshold claimed, and whether its queue message is
/// confirmed (<see cref="Pending"/> false) or claimed at <see cref="ClaimedAt"/> and not yet confirmed.
/// </summary>
public sealed record AlertProgress(int Threshold = 0, bool Pending = false, DateTimeOffset? ClaimedAt = null, DateTimeOffset? SentAt = null);

/// <summary>One breach of the register as stored: the current facts and where it stands.</summary>
public sealed record BreachState
{
    public required string Id { get; init; }
    public required DateTimeOffset AwareAt { get; init; }
    public required BreachFacts Facts { get; init; }
    public BreachNotification? Notification { get; init; }
    public BreachDecision? Decision { get; init; }
    public AlertProgress Alert { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>How many history entries exist; the next one is numbered <c>EntryCount + 1</c>.</summary>
    public int EntryCount { get; init; }
}

public static class BreachEntryKinds
{
    public const string Opened = "opened";
    public const string Facts = "facts";
    public const string Notified = "notified";
    public const string Decision = "decision";
    public const string AlertSent = "alert-sent";
}

/// <summary>
/// One dated entry of a breach's history. Entries are only ever added: the register keeps what
/// was known when, and the current facts are the entries applied in order.
/// </summary>
public sealed record BreachEntry
{
    public required int Seq { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Kind { get; init; }
    public DateTimeOffset? AwareAt { get; init; }
    public BreachFacts? Facts { get; init; }
    public string? Note { get; init; }
    public BreachNotification? Notification { get; init; }
    public BreachDecision? Decision { get; init; }

    /// <summary>Set when new facts (a risk found after all) voided an earlier decision not to notify.</summary>
    public bool? DecisionWithdrawn { get; init; }

    public int? Threshold { get; init; }
    public double? HoursLeft { get; init; }
}

/// <summary>The message of queue <c>breach-alerts</c> and of the webhook (README, "Routes": the queues).</summary>
public sealed record BreachAlert(string BreachId, int Threshold, DateTimeOffset Deadline, double HoursLeft);

/// <summary>One breach as the register shows it: facts, deadline, status and, in an export, its history.</summary>
public sealed record BreachView(
    string Id,
    string Status,
    DateTimeOffset AwareAt,
    DateTimeOffset Deadline,
    double? HoursLeft,
    BreachFacts Facts,
    IReadOnlyList<string> Missing,
    BreachNotification? Notification,
    BreachDecision? Decision,
    BreachAlertSummary? LastAlert,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<BreachEntry>? History = null)
{
    public static BreachView Of(BreachState state, DateTimeOffset now, IReadOnlyList<BreachEntry>? history = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var status = BreachRules.Status(state, now);
        var awaiting = status is BreachStatuses.Open or BreachStatuses.Overdue;
        var lastAlert = state.Alert.SentAt is { } sentAt ? new BreachAlertSummary(state.Alert.Threshold, sentAt) : null;
        return new BreachView(state.Id, status, state.AwareAt, BreachRules.Deadline(state.AwareAt),
            awaiting ? BreachRules.HoursLeft(state.AwareAt, now) : null, state.Facts, BreachRules.MissingContent(state.Facts),
            state.Notification, state.Decision, lastAlert, state.CreatedAt, state.UpdatedAt, history);
    }
}

public sealed record BreachAlertSummary(int Threshold, DateTimeOffset SentAt);

/// <summary>GET /api/breaches and its export: the whole register at one instant.</summary>
public sealed record BreachRegisterView(DateTimeOffset GeneratedAt, int Count, IReadOnlyList<BreachView> Breaches);
