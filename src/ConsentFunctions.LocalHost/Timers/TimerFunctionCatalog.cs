using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.LocalHost.Timers;

/// <summary>One timer-triggered function with its schedule, %Setting% references resolved.</summary>
public sealed record TimerFunction(string Name, Type Class, MethodInfo Method, string Schedule);

public static class TimerFunctionCatalog
{
    public static IReadOnlyList<TimerFunction> Discover(Assembly assembly, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return (from type in assembly.GetTypes()
                from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                let function = method.GetCustomAttribute<FunctionAttribute>()
                let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)
                where function is not null && trigger is not null
                orderby function.Name
                select new TimerFunction(function.Name, type, method, Resolve(trigger.Schedule, configuration))).ToList();
    }

    /// <summary>"%Retention:Schedule%" → the setting's value, as the Functions host resolves it.</summary>
    public static string Resolve(string schedule, IConfiguration configuration)
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
}
