using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.LocalHost.Http;

/// <summary>One HTTP-triggered function as its attributes declare it.</summary>
public sealed record HttpFunction(string Name, Type Class, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel);

/// <summary>
/// Reads every <c>[Function]</c> whose trigger is <c>[HttpTrigger]</c> from the app's assembly:
/// the attributes are the one source of truth, as they are for the Worker SDK's functions.metadata.
/// </summary>
public static class HttpFunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<HttpFunction>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (trigger is null)
                {
                    continue;
                }
                var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToLowerInvariant()).ToList();
                functions.Add(new HttpFunction(function.Name, type, method, trigger.Route ?? function.Name, methods, trigger.AuthLevel));
            }
        }
        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }
}
