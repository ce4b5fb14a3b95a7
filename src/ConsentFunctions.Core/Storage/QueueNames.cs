namespace ConsentFunctions.Core.Storage;

/// <summary>Every queue of the contract (README, "Routes": the queues). Queue names are lower-case.</summary>
public static class QueueNames
{
    public const string UnsubscribeRequests = "unsubscribe-requests";
    public const string BreachAlerts = "breach-alerts";

    /// <summary>Where a message goes after host.json's maxDequeueCount failed tries.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
