using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Core.Breaches;

/// <summary>The breach does not exist (404).</summary>
public sealed class BreachNotFoundException() : NotFoundException("The breach");

/// <summary>The change contradicts what the register holds (409); nothing was recorded.</summary>
public sealed class BreachConflictException(string type, string title, string detail) : ConflictException(type, title, detail);

/// <summary>
/// The art. 33(5) register: opens breaches, adds facts in phases, records the notification to
/// the authority and the decision whether to notify. Every change is one new dated history entry
/// written with the breach's new state in one transaction; no entry is ever rewritten.
/// </summary>
public sealed partial class BreachRegister(BreachStore store, TimeProvider time, ILogger<BreachRegister> logger)
{
    /// <summary>Breach ids: a version 7 UUID without dashes, time-ordered, so the register lists oldest first.</summary>
    public static bool IsBreachId(string? id)
        => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public async Task<BreachView> OpenAsync(BreachRequest? request, CancellationToken cancellationToken)
    {
        var now = Now();
        var (awareAt, facts, note) = BreachValidator.ValidateOpen(request, now);
        BreachValidator.CheckConsistent(facts);
        var id = Guid.CreateVersion7(now).ToString("N");
        var entry = new BreachEntry { Seq = 1, At = now, Kind = BreachEntryKinds.Opened, AwareAt = awareAt, Facts = facts, Note = note };
        var state = new BreachState { Id = id, AwareAt = awareAt, Facts = facts, CreatedAt = now, UpdatedAt = now, EntryCount = 1 };
        await store.CreateAsync(state, entry, cancellationToken);
        LogOpened(logger, id, BreachRules.HoursLeft(awareAt, now));
        return BreachView.Of(state, now);
    }

    /// <summary>PATCH: facts learnt since, as a new entry. A risk found after a decision not to notify voids that decision.</summary>
    public Task<BreachView> AddFactsAsync(string id, BreachRequest? request, CancellationToken cancellationToken)
        => ChangeAsync(id, BreachEntryKinds.Facts, cancellationToken, (state, now) =>
        {
            var (change, note) = BreachValidator.ValidateChange(request, state.AwareAt, now);
            var facts = state.Facts.With(change);
            BreachValidator.CheckConsistent(facts);
            var withdrawn = state.Decision?.NotifyAuthority == false && facts.RiskLevel != BreachRules.NoRisk;
            return (state with { Facts = facts, Decision = withdrawn ? null : state.Decision },
                new BreachEntry { Seq = 0, At = now, Kind = BreachEntryKinds.Facts, Facts = change, Note = note, DecisionWithdrawn = withdrawn ? true : null });
        });

    public Task<BreachView> NotifyAsync(string id, NotifyRequest? request, CancellationToken cancellationToken)
        => ChangeAsync(id, BreachEntryKinds.Notified, cancellationToken, (state, now) =>
        {
            if (state.Notification is not null)
            {
                throw new BreachConflictException("breach-already-notified", "The breach is already notified.",
                    "A notification is recorded once; add later information with PATCH (phased notification).");
            }
            var notification = BreachValidator.ValidateNotification(request, state.AwareAt, now);
            return (state with { Notification = notification },
                new BreachEntry { Seq = 0, At = now, Kind = BreachEntryKinds.Notified, Notification = notification });
        });

    public Task<BreachView> DecideAsync(string id, BreachDecisionRequest? request, CancellationToken cancellationToken)
        => ChangeAsync(id, BreachEntryKinds.Decision, cancellationToken, (state, now) =>
        {
            if (state.Notification is not null)
            {
                throw new BreachConflictException("breach-already-notified", "The breach is already notified.",
                    "The authority was notified; a decision about notifying it no longer applies.");
            }
            var decision = BreachValidator.ValidateDecision(request, state.Facts, state.AwareAt, now);
            return (state with { Decision = decision },
                new BreachEntry { Seq = 0, At = now, Kind = BreachEntryKinds.Decision, Decision = decision });
        });

    public async Task<BreachView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsBreachId(id))
        {
            return null;
        }
        var stored = await store.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var history = await store.HistoryAsync(id, cancellationToken);
        return BreachView.Of(stored.State, Now(), history.GetValueOrDefault(id, []));
    }

    /// <summary>The register: every breach with its deadline and status, and with its history for an audit export.</summary>
    public async Task<BreachRegisterView> ListAsync(bool withHistory, CancellationToken cancellationToken)
    {
        var breaches = await store.ListAsync(cancellationToken);
        var history = withHistory ? await store.HistoryAsync(null, cancellationToken) : null;
        var now = Now();
        var views = breaches.Select(b => BreachView.Of(b, now, history?.GetValueOrDefault(b.Id, []))).ToList();
        return new BreachRegisterView(now, views.Count, views);
    }

    private async Task<BreachView> ChangeAsync(string id, string kind, CancellationToken cancellationToken,
        Func<BreachState, DateTimeOffset, (BreachState After, BreachEntry Entry)> change)
    {
        if (!IsBreachId(id))
        {
            throw new BreachNotFoundException();
        }
        var now = Now();
        var result = await store.MutateAsync(id, state =>
        {
            var (after, entry) = change(state, now);
            var seq = state.EntryCount + 1;
            return new BreachMutation(after with { EntryCount = seq, UpdatedAt = now }, entry with { Seq = seq });
        }, cancellationToken) ?? throw new BreachNotFoundException();
        LogChanged(logger, id, kind, BreachRules.Status(result.State, now));
        return BreachView.Of(result.State, now);
    }

    private DateTimeOffset Now() => Timestamps.ToMilliseconds(time.GetUtcNow());

    // Ids, kinds and statuses only: the facts (and the DPO's contact) are never logged.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach {BreachId} opened; {HoursLeft} hours left to notify")]
    private static partial void LogOpened(ILogger logger, string breachId, double hoursLeft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach {BreachId}: {Kind} recorded, status {Status}")]
    private static partial void LogChanged(ILogger logger, string breachId, string kind, string status);
}
