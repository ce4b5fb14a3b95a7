namespace ConsentFunctions.Core.Storage;

/// <summary>Every queue of the contract (README, "Routes": the queues). Queue names are lower-case.</summary>
public static class QueueNames
{
    public const string UnsubscribeRequests = "unsubscribe-requests";
    public const string BreachAlerts = "breach-alerts";

    /// <summary>Outbox rows of consent events to log and fan out (ConsentFunctions.Core.Events.EventRelay).</summary>
    public const string ConsentEvents = "consent-events";

    /// <summary>One message per event and destination; its poison queue holds the parked deliveries with their reason.</summary>
    public const string ConsentDeliveries = "consent-deliveries";

    /// <summary>Emails to send (ConsentFunctions.Core.Email.EmailMessage): double opt-in confirmations and breach alerts.</summary>
    public const string ConfirmationEmails = "confirmation-emails";

    /// <summary>Where a message goes after host.json's maxDequeueCount failed tries.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
