using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Breaches;

/// <summary>
/// The 72-hour deadline watch (schedule in setting <c>Breaches:WatchSchedule</c>, default every ten
/// minutes): alerts on queue <c>breach-alerts</c>, and the webhook when set, for every breach that
/// still awaits notification. A run that fails is simply the next run's work: every threshold is
/// claimed on the breach itself, so nothing is sent twice or lost.
/// </summary>
public sealed partial class BreachWatchFunction(BreachWatch watch, ILogger<BreachWatchFunction> logger)
{
    [Function("BreachDeadlineWatch")]
    public async Task Run([TimerTrigger("%Breaches:WatchSchedule%")] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue(logger);
        }
        await watch.RunAsync(Writes.NeverCancelled);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach watch running late (a missed schedule); only the latest threshold passed is sent")]
    private static partial void LogPastDue(ILogger logger);
}
