using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.LocalHost.Queues;

/// <summary>One queue-triggered function as its attributes declare it.</summary>
public sealed record QueueFunction(string Name, Type Class, MethodInfo Method, string QueueName);

public static class QueueFunctionCatalog
{
    public static IReadOnlyList<QueueFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return (from type in assembly.GetTypes()
                from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                let function = method.GetCustomAttribute<FunctionAttribute>()
                let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null)
                where function is not null && trigger is not null
                orderby function.Name
                select new QueueFunction(function.Name, type, method, trigger.QueueName)).ToList();
    }
}
