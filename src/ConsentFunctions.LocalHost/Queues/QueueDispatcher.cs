using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.LocalHost.Functions;
using ConsentFunctions.LocalHost.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.LocalHost.Queues;

/// <summary>
/// Runs queue-triggered functions as the Functions host does: polls with back-off up to
/// host.json's maxPollingInterval, hands each message's text to the function, deletes it only
/// when the function returned, makes it visible again after visibilityTimeout when it threw, and
/// moves it to "&lt;queue&gt;-poison" once it has failed maxDequeueCount times.
/// </summary>
public sealed partial class QueueDispatcher(
    IReadOnlyList<QueueFunction> functions,
    QueueHostSettings settings,
    ConsentQueues queues,
    IServiceProvider services,
    ILogger<QueueDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(functions.Select(f => Task.Run(() => PollAsync(f, stoppingToken), stoppingToken)));

    private async Task PollAsync(QueueFunction function, CancellationToken stoppingToken)
    {
        // Its storage requests are not those of any HTTP operation the benchmarks measure.
        Core.Storage.StorageRoundTrips.MarkBackground();
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await queues.GetAsync(function.QueueName);
                var received = await queue.ReceiveMessagesAsync(settings.BatchSize, TimeSpan.FromMinutes(5), stoppingToken);
                if (received.Value.Length == 0)
                {
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }
                delay = TimeSpan.FromMilliseconds(100);
                await Task.WhenAll(received.Value.Select(m => HandleAsync(function, queue, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                LogPollFailed(logger, function.QueueName, e.GetType().Name);
                await Task.Delay(settings.MaxPollingInterval, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(QueueFunction function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            // Never cancelled: once the function started, its effect is stored whatever the host does next.
            await FunctionInvoker.InvokeInScopeAsync(function, services, new TriggerInput(message.Body.ToString(), CancellationToken.None));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, function.Name, message.MessageId, message.DequeueCount, e.GetType().Name);
        }
        if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            // Copy first, delete second: a crash in between leaves a duplicate to inspect, never a loss.
            var poison = await queues.GetAsync(QueueNames.Poison(function.QueueName));
            await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            LogPoisoned(logger, message.MessageId, function.QueueName);
            return;
        }
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (try {DequeueCount}): {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string function, string messageId, long dequeueCount, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved to the poison queue of {Queue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed: {ExceptionType}")]
    private static partial void LogPollFailed(ILogger logger, string queue, string exceptionType);
}
