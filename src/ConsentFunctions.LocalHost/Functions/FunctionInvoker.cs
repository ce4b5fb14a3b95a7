using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.LocalHost.Functions;

/// <summary>
/// Calls one function as the Functions worker does, whatever its trigger: a new instance of its
/// class per call (constructor injection from <c>services</c>), the arguments of
/// <see cref="FunctionSignature"/>, and the returned task awaited. Exceptions reach the caller
/// as the function threw them (never wrapped by reflection), so each trigger's own policy applies:
/// 500 over HTTP, retry then poison for a message, a logged failure for a timer.
/// </summary>
public static class FunctionInvoker
{
    /// <summary>The function's result: the <see cref="IActionResult"/> of an HTTP function, null for queue and timer functions.</summary>
    public static async Task<object?> InvokeAsync(LocalFunction function, IServiceProvider services, TriggerInput input)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Class);
        var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, FunctionSignature.Arguments(function, input), culture: null);
        switch (returned)
        {
            case Task<IActionResult> result:
                return await result;
            case Task task:
                await task;
                return null;
            default:
                return returned;
        }
    }

    /// <summary>An HTTP function's answer, or the rule it breaks.</summary>
    public static async Task<IActionResult> InvokeHttpAsync(HttpFunction function, IServiceProvider services, TriggerInput input)
        => await InvokeAsync(function, services, input) as IActionResult
            ?? throw new InvalidOperationException(FunctionSignature.CannotReturn(function));

    /// <summary>A queue or timer function, in a service scope of its own, as the Functions host gives each invocation.</summary>
    public static async Task InvokeInScopeAsync(LocalFunction function, IServiceProvider services, TriggerInput input)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await InvokeAsync(function, scope.ServiceProvider, input);
    }
}
