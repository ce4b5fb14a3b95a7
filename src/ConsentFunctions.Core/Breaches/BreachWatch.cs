using Azure;
using ConsentFunctions.Core.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// The deadline watch: for each breach that still awaits notification, sends the alert of the
/// latest threshold passed (24, 48, 60, 68 hours after awareAt, and the 72-hour deadline), once.
/// <para>
/// Once: a run first claims the threshold on the breach row with its ETag, so of two runs at the
/// same instant one claims and the other sees the claim; only then it sends the queue message
/// and the email (queue confirmation-emails, when Breaches:AlertEmails is set), and then confirms
/// them (with a history entry). A claim left unconfirmed (the run died, the queue
/// failed) is sent again by a later run once <see cref="BreachOptions.AlertLease"/> has passed.
/// The webhook comes after the queue and its failure changes nothing.
/// </para>
/// </summary>
public sealed partial class BreachWatch(
    BreachStore store,
    BreachAlertSender sender,
    TimeProvider time,
    IOptions<BreachOptions> options,
    ILogger<BreachWatch> logger)
{
    /// <summary>One run; answers how many alerts it sent. A failure on one breach does not stop the others.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var ids = await store.WatchedIdsAsync(cancellationToken);
        var sent = new List<BreachAlert>();
        foreach (var id in ids)
        {
            try
            {
                if (await AlertAsync(id, cancellationToken) is { } alert)
                {
                    sent.Add(alert);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage or the queue failed: a claim made stays unconfirmed, and a later run sends
                // it once the lease has passed. Only the type is logged: messages may quote data.
                LogFailure(logger, id, e.GetType().Name, (e as RequestFailedException)?.Status ?? 0);
            }
        }
        LogRun(logger, ids.Count, sent.Count);
        // Every queue message is out before the first webhook post: a slow webhook delays no alert.
        await Task.WhenAll(sent.Select(a => sender.PostWebhookAsync(a, cancellationToken)));
        return sent.Count;
    }

    /// <summary>Claims, enqueues and confirms the alert due for one breach; answers it, or null when none was due.</summary>
    private async Task<BreachAlert?> AlertAsync(string id, CancellationToken cancellationToken)
    {
        var now = Timestamps.ToMilliseconds(time.GetUtcNow());
        var lease = options.Value.AlertLease;
        var threshold = 0;
        var claim = await store.MutateAsync(id, state =>
        {
            if (BreachRules.ThresholdToClaim(state, now, lease) is not { } due)
            {
                return null;
            }
            threshold = due;
            return new BreachMutation(state with { Alert = state.Alert with { Threshold = due, Pending = true, ClaimedAt = now } }, null);
        }, cancellationToken);
        if (claim is not { Changed: true } claimed)
        {
            return null;
        }

        var awareAt = claimed.State.AwareAt;
        var alert = new BreachAlert(id, threshold, BreachRules.Deadline(awareAt), BreachRules.HoursLeft(awareAt, now));
        await sender.EnqueueAsync(alert, cancellationToken);
        await sender.EnqueueEmailAsync(alert, BreachRules.MissingContent(claimed.State.Facts), cancellationToken);

        await store.MutateAsync(id, state =>
        {
            // Confirm our own claim only: not one a later run made after the lease.
            if (!state.Alert.Pending || state.Alert.Threshold != threshold || state.Alert.ClaimedAt != now)
            {
                return null;
            }
            var seq = state.EntryCount + 1;
            return new BreachMutation(
                state with { Alert = state.Alert with { Pending = false, SentAt = now }, EntryCount = seq },
                new BreachEntry { Seq = seq, At = now, Kind = BreachEntryKinds.AlertSent, Threshold = threshold, HoursLeft = alert.HoursLeft });
        }, cancellationToken);
        LogAlert(logger, id, threshold, alert.HoursLeft);
        return alert;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach {BreachId}: {Threshold}-hour alert sent, {HoursLeft} hours left to notify the authority")]
    private static partial void LogAlert(ILogger logger, string breachId, int threshold, double hoursLeft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach watch: {Watched} breaches awaiting notification, {Sent} alerts sent")]
    private static partial void LogRun(ILogger logger, int watched, int sent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Breach {BreachId}: the watch failed with {ExceptionType} (status {Status}); retried next run")]
    private static partial void LogFailure(ILogger logger, string breachId, string exceptionType, int status);
}
