using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.LocalHost.Functions;

/// <summary>What one call of a function receives from its trigger.</summary>
/// <param name="Trigger">The value of the trigger parameter: the <see cref="HttpRequest"/>, the message text, or a <see cref="TimerInfo"/>.</param>
/// <param name="Cancellation">The token a <see cref="CancellationToken"/> parameter receives.</param>
/// <param name="RouteValues">HTTP only: the route's placeholders, by name.</param>
public sealed record TriggerInput(object Trigger, CancellationToken Cancellation, RouteValueDictionary? RouteValues = null);

/// <summary>
/// The rules a function's signature must follow to be served by the local host (and, the same
/// subset of the Worker SDK, by Azure), in one place; docs/ARCHITECTURE.md explains why.
/// <list type="number">
/// <item>A public method marked <c>[Function("Name")]</c>, static or on a public class that is
/// built anew for every call by constructor injection from the app's services.</item>
/// <item>One trigger parameter: <c>[HttpTrigger] HttpRequest</c>, <c>[QueueTrigger] string</c>
/// (the message text) or <c>[TimerTrigger] TimerInfo</c>.</item>
/// <item>Besides it, only: a <c>CancellationToken</c> (the request's abort token over HTTP;
/// never cancelled for queues and timers), and over HTTP a <c>string</c> per route placeholder,
/// named as the placeholder (<c>{id}</c> → <c>string id</c>). No other binding: bodies are read
/// by Http/RequestBodies, with their size limit.</item>
/// <item>HTTP functions return <c>IActionResult</c> or <c>Task&lt;IActionResult&gt;</c>; queue and
/// timer functions return <c>Task</c> and report failure by throwing (a message is then retried,
/// and parked in its poison queue after host.json's maxDequeueCount).</item>
/// </list>
/// </summary>
public static class FunctionSignature
{
    /// <summary>The rules above in one sentence, for the message of a function that breaks them.</summary>
    public const string Rules =
        "a function takes its trigger parameter ([HttpTrigger] HttpRequest, [QueueTrigger] string or [TimerTrigger] TimerInfo), "
        + "optionally a CancellationToken, and over HTTP a string per route placeholder of the same name; "
        + "HTTP functions return IActionResult or Task<IActionResult>, queue and timer functions Task (docs/ARCHITECTURE.md, \"Function signatures: the rules and why\").";

    /// <summary>The trigger attribute on <paramref name="parameter"/>, if it is a trigger the local host serves.</summary>
    public static Attribute? TriggerOf(ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return (Attribute?)parameter.GetCustomAttribute<HttpTriggerAttribute>()
            ?? (Attribute?)parameter.GetCustomAttribute<QueueTriggerAttribute>()
            ?? parameter.GetCustomAttribute<TimerTriggerAttribute>();
    }

    /// <summary>The type a trigger parameter must have.</summary>
    public static Type TriggerType(LocalFunction function) => function switch
    {
        HttpFunction => typeof(HttpRequest),
        QueueFunction => typeof(string),
        TimerFunction => typeof(TimerInfo),
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };

    /// <summary>The arguments of one call, or an exception naming the parameter that breaks the rules.</summary>
    public static object?[] Arguments(LocalFunction function, TriggerInput input)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(input);
        return function.Method.GetParameters().Select(p => Argument(function, p, input)).ToArray();
    }

    /// <summary>Null when the signature follows the rules, else why not: what a test asks of every function of the app.</summary>
    public static string? Check(LocalFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var parameter in function.Method.GetParameters())
        {
            var bindable = TriggerOf(parameter) is not null
                ? parameter.ParameterType == TriggerType(function)
                : parameter.ParameterType == typeof(CancellationToken)
                    || (function is HttpFunction http && parameter.ParameterType == typeof(string)
                        && RoutePatternFactory.Parse(http.Route).Parameters.Any(p => p.Name == parameter.Name));
            if (!bindable)
            {
                return CannotBind(function, parameter);
            }
        }
        var returns = function.Method.ReturnType;
        var returnsRight = function is HttpFunction
            ? returns == typeof(IActionResult) || returns == typeof(Task<IActionResult>)
            : returns == typeof(Task);
        return returnsRight ? null : CannotReturn(function);
    }

    private static object? Argument(LocalFunction function, ParameterInfo parameter, TriggerInput input)
    {
        if (TriggerOf(parameter) is not null && parameter.ParameterType == TriggerType(function))
        {
            return input.Trigger;
        }
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return input.Cancellation;
        }
        if (parameter.ParameterType == typeof(string) && input.RouteValues is not null && input.RouteValues.TryGetValue(parameter.Name!, out var value))
        {
            return value?.ToString();
        }
        throw new InvalidOperationException(CannotBind(function, parameter));
    }

    private static string CannotBind(LocalFunction function, ParameterInfo parameter)
        => $"The local host cannot bind parameter {parameter.Name} of {function.Name}: {Rules}";

    public static string CannotReturn(LocalFunction function)
        => $"Function {function?.Name} must return IActionResult or Task<IActionResult> (HTTP) or Task (queue, timer): {Rules}";
}
