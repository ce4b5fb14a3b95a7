using ConsentFunctions.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace ConsentFunctions.LocalHost.Timers;

/// <summary>
/// Fires timer-triggered functions on their six-field NCRONTAB schedules (UTC), one run at a time
/// per function, as the Functions host does.
/// </summary>
public sealed partial class TimerDispatcher(
    IReadOnlyList<TimerFunction> functions,
    IServiceProvider services,
    TimeProvider time,
    ILogger<TimerDispatcher> logger) : BackgroundService
{
    public static CrontabSchedule Parse(string expression)
        => CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(functions.Select(f => Task.Run(() => RunScheduleAsync(f, stoppingToken), stoppingToken)));

    private async Task RunScheduleAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        // Its storage requests are not those of any HTTP operation the benchmarks measure.
        Core.Storage.StorageRoundTrips.MarkBackground();
        var schedule = Parse(function.Schedule);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await InvokeAsync(function);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, function.Name, e.GetType().Name);
            }
        }
    }

    public Task InvokeAsync(TimerFunction function)
        => FunctionInvoker.InvokeInScopeAsync(function, services, new TriggerInput(new TimerInfo(), CancellationToken.None));

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed: {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string function, string exceptionType);
}
