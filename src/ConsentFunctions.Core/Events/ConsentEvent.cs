using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentFunctions.Core.Json;

namespace ConsentFunctions.Core.Events;

/// <summary>
/// What an event says about the act, besides its type and date. <see cref="Email"/> and
/// <see cref="Phone"/> are filled only for destinations configured with includeIdentifiers over HTTPS,
/// and so are the corrected values of a rectification (<see cref="Corrected"/>); every destination
/// learns which fields were corrected (<see cref="Fields"/>), so that it can ask for them.
/// </summary>
public sealed record ConsentEventData(
    string Channel,
    string Purpose,
    string? ReceiptId = null,
    string? FormId = null,
    string? Partner = null,
    string? Email = null,
    string? Phone = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Fields = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Corrected = null);

/// <summary>One act as a CloudEvents 1.0 JSON event (structured mode).</summary>
public sealed record ConsentEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("data")] ConsentEventData Data)
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    [JsonPropertyName("specversion")]
    public string SpecVersion => "1.0";

    [JsonPropertyName("source")]
    public string Source => "/consentfunctions";

    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static ConsentEvent Parse(string json)
        => JsonSerializer.Deserialize<ConsentEvent>(json, JsonDefaults.Options) ?? throw new FormatException("Empty event.");
}

/// <summary>
/// An event as the outbox row keeps it until it is logged: everything but the subject (the row's
/// partition) and the identifiers (columns of the row, read only for the destinations that get them).
/// </summary>
public sealed record PendingEvent(string Id, string Type, DateTimeOffset Time, string Channel, string Purpose,
    string? ReceiptId = null, string? FormId = null, string? Partner = null, IReadOnlyList<string>? Fields = null)
{
    public ConsentEvent ToEvent(string subject, string? email = null, string? phone = null, IReadOnlyDictionary<string, string>? corrected = null)
        => new(Id, Type, Time, subject, new ConsentEventData(Channel, Purpose, ReceiptId, FormId, Partner, email, phone, Fields, corrected));
}
