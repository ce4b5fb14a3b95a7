using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.LocalHost.Functions;

/// <summary>One function of the app as its attributes declare it: its name, and the method to invoke.</summary>
public abstract record LocalFunction(string Name, Type Class, MethodInfo Method);

/// <summary>An HTTP-triggered function: served under /api/{Route} for its methods.</summary>
public sealed record HttpFunction(string Name, Type Class, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel)
    : LocalFunction(Name, Class, Method);

/// <summary>A queue-triggered function: handed the text of each message of <see cref="QueueName"/>.</summary>
public sealed record QueueFunction(string Name, Type Class, MethodInfo Method, string QueueName)
    : LocalFunction(Name, Class, Method);

/// <summary>A timer-triggered function: <see cref="Schedule"/> is the NCRONTAB expression, or a %Setting% reference until resolved.</summary>
public sealed record TimerFunction(string Name, Type Class, MethodInfo Method, string Schedule)
    : LocalFunction(Name, Class, Method);

/// <summary>
/// Every <c>[Function]</c> of the app's assembly, by trigger kind, read from the attributes: they
/// are the one source of truth, as they are for the Worker SDK's functions.metadata, so a function
/// added to the app is served here with no change to the local host. What a function's signature
/// may hold is <see cref="FunctionSignature"/>.
/// </summary>
public sealed record FunctionCatalog(IReadOnlyList<HttpFunction> Http, IReadOnlyList<QueueFunction> Queues, IReadOnlyList<TimerFunction> Timers)
{
    public IEnumerable<LocalFunction> All => Http.Cast<LocalFunction>().Concat(Queues).Concat(Timers);

    public static FunctionCatalog Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<LocalFunction>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function && Describe(function.Name, type, method) is { } described)
                {
                    functions.Add(described);
                }
            }
        }
        var ordered = functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new FunctionCatalog(ordered.OfType<HttpFunction>().ToList(), ordered.OfType<QueueFunction>().ToList(), ordered.OfType<TimerFunction>().ToList());
    }

    /// <summary>The same catalog with every timer's %Setting% schedule replaced by the setting's value; a missing setting stops the start.</summary>
    public FunctionCatalog WithSchedulesResolved(IConfiguration configuration)
        => this with { Timers = Timers.Select(t => t with { Schedule = ResolveSchedule(t.Schedule, configuration) }).ToList() };

    /// <summary>"%Retention:Schedule%" → the setting's value, as the Functions host resolves it.</summary>
    public static string ResolveSchedule(string schedule, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var name = schedule[1..^1];
            return configuration[name] ?? configuration[name.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Timer schedule setting {name} is not set.");
        }
        return schedule;
    }

    // The trigger is the attribute on one of the parameters; a function whose trigger the local
    // host does not serve is left out, as before any kind of it existed in the app.
    private static LocalFunction? Describe(string name, Type type, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            switch (FunctionSignature.TriggerOf(parameter))
            {
                case HttpTriggerAttribute http:
                    var methods = (http.Methods ?? ["get", "post"]).Select(m => m.ToLowerInvariant()).ToList();
                    return new HttpFunction(name, type, method, http.Route ?? name, methods, http.AuthLevel);
                case QueueTriggerAttribute queue:
                    return new QueueFunction(name, type, method, queue.QueueName);
                case TimerTriggerAttribute timer:
                    return new TimerFunction(name, type, method, timer.Schedule);
            }
        }
        return null;
    }
}
