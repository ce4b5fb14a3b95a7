using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>
/// Both ends of queue unsubscribe-requests: the one-click POST puts a request on it (202 once it
/// is durably there), and the queue-triggered function applies it: one suppression row per link,
/// so the same link clicked ten times, or the same message delivered twice, is one withdrawal
/// (dated by its latest click).
/// </summary>
public sealed partial class UnsubscribeQueue(
    ConsentQueues queues,
    SuppressionWriter writer,
    SubjectLinkStore links,
    TimeProvider time,
    ILogger<UnsubscribeQueue> logger)
{
    public async Task EnqueueAsync(UnsubscribeToken token, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var queue = await queues.GetAsync(QueueNames.UnsubscribeRequests);
        var message = new UnsubscribeMessage(token.TokenId, token.SubjectKey, token.Channel, token.Purpose, time.GetUtcNow(), source);
        await queue.SendMessageAsync(message.ToJson(), cancellationToken);
        LogQueued(logger, token.TokenId, source);
    }

    /// <summary>Stores the withdrawal; throws on failure, so the message stays on the queue to be retried.</summary>
    public async Task ApplyAsync(UnsubscribeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var keys = await links.AllKeysAsync(message.SubjectKey, cancellationToken);
        var fact = new SuppressionFact(SuppressionFact.Unsubscribe, message.Channel, message.Purpose, message.RequestedAt);
        await writer.WriteAsync(keys, [fact], message.TokenId, cancellationToken, new SuppressionAct(message.SubjectKey));
        LogApplied(logger, message.TokenId, message.Channel, message.Purpose);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsubscribe request for link {TokenId} queued ({Source})")]
    private static partial void LogQueued(ILogger logger, string tokenId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Withdrawal stored for link {TokenId}: {Channel}/{Purpose}")]
    private static partial void LogApplied(ILogger logger, string tokenId, string channel, string purpose);
}
