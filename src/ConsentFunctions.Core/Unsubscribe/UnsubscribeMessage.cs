using System.Text.Json;
using ConsentFunctions.Core.Json;

namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>A message of queue unsubscribe-requests (README, "Routes": the queues).</summary>
public sealed record UnsubscribeMessage(string TokenId, string SubjectKey, string Channel, string Purpose, DateTimeOffset RequestedAt, string Source)
{
    public const string OneClick = "one-click";
    public const string Page = "page";

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    /// <summary>Parses a message; throws when it is not one, so the host retries it and then moves it to the poison queue.</summary>
    public static UnsubscribeMessage Parse(string text)
    {
        var message = JsonSerializer.Deserialize<UnsubscribeMessage>(text, JsonDefaults.Options)
            ?? throw new FormatException("Empty unsubscribe message.");
        if (string.IsNullOrEmpty(message.TokenId) || string.IsNullOrEmpty(message.SubjectKey) || string.IsNullOrEmpty(message.Channel) || string.IsNullOrEmpty(message.Purpose))
        {
            throw new FormatException("An unsubscribe message lacks a field.");
        }
        return message;
    }
}
