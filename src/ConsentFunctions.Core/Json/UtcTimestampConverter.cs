using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsentFunctions.Core.Json;

/// <summary>Every timestamp the API writes is UTC with milliseconds and a Z: <c>2026-11-30T10:00:00.123Z</c>.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            throw new JsonException("Not an ISO 8601 date and time.");
        }
        // A time without an offset is ambiguous evidence: refuse it rather than guess the zone.
        if (!text.EndsWith('Z') && !text.EndsWith("z", StringComparison.Ordinal) && !HasOffset(text))
        {
            throw new JsonException("A date and time must carry Z or an offset.");
        }
        // Table Storage refuses dates before 1601, and rules add years to a date: refuse, never overflow.
        if (value < Earliest || value >= Latest)
        {
            throw new JsonException("A date and time must be between 1601 and 9000.");
        }
        return value.ToUniversalTime();
    }

    public static readonly DateTimeOffset Earliest = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        return t > 0 && (text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0);
    }
}
