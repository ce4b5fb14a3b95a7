using System.Text.Json.Nodes;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// Rebuilds the JSON shape of a submission from the flattened field names of a plain HTML form
/// (<c>subject.email</c>, <c>consents[0].checked</c>, <c>consents[1].partners[0]</c>), so that
/// one validator serves both. Booleans follow HTML: a checkbox that is not sent is unticked.
/// </summary>
public static class FormFields
{
    private const int MaxIndex = 99;

    // The deepest name of the contract is consents[1].partners[0]: four segments.
    private const int MaxSegments = 4;

    private static readonly HashSet<string> BooleanFields = new(StringComparer.Ordinal)
        { "checked", "checkedByDefault", "bundledWithTerms", "conditionalOnReward", "under15", "parentalConsent" };

    private static readonly HashSet<string> ListFields = new(StringComparer.Ordinal) { "partners" };

    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var root = new JsonObject();
        foreach (var (name, values) in fields)
        {
            var segments = Parse(name);
            if (segments is null)
            {
                continue; // not a name of the contract: ignored like an unknown JSON field
            }
            var leaf = segments[^1];
            if (leaf.Name is not null && ListFields.Contains(leaf.Name) && leaf.Index is null)
            {
                var array = new JsonArray();
                foreach (var v in values)
                {
                    array.Add(v);
                }
                Set(root, segments, array, name);
                continue;
            }
            if (values.Count != 1)
            {
                throw RequestValidationException.For(name, "Sent more than once.");
            }
            Set(root, segments, Value(leaf.Name ?? LastName(segments), values[0], name), name);
        }
        return root;
    }

    private static string? LastName(List<Segment> segments)
        => segments.LastOrDefault(s => s.Name is not null)?.Name;

    private static JsonNode? Value(string? field, string raw, string path)
    {
        if (field is null || !BooleanFields.Contains(field))
        {
            return JsonValue.Create(raw);
        }
        return raw.ToLowerInvariant() switch
        {
            "true" or "on" or "1" or "yes" => JsonValue.Create(true),
            "false" or "off" or "0" or "no" or "" => JsonValue.Create(false),
            _ => throw RequestValidationException.For(path, "Must be true or false."),
        };
    }

    private sealed record Segment(string? Name, int? Index);

    // "consents[1].partners[0]" -> consents, [1], partners, [0]
    private static List<Segment>? Parse(string name)
    {
        var segments = new List<Segment>();
        foreach (var part in name.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var head = bracket < 0 ? part : part[..bracket];
            if (head.Length == 0 || !head.All(char.IsAsciiLetterOrDigit))
            {
                return null;
            }
            segments.Add(new Segment(head, null));
            var rest = bracket < 0 ? string.Empty : part[bracket..];
            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest[0] != '[' || close < 2 || !int.TryParse(rest[1..close], out var index) || index < 0 || index > MaxIndex)
                {
                    return null;
                }
                segments.Add(new Segment(null, index));
                rest = rest[(close + 1)..];
            }
            if (segments.Count > MaxSegments)
            {
                return null;
            }
        }
        return segments;
    }

    private static void Set(JsonObject root, List<Segment> segments, JsonNode? value, string path)
    {
        JsonNode current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var next = last ? null : segments[i + 1];
            JsonNode? Create() => last ? value : next!.Index is null ? new JsonObject() : new JsonArray();
            var segment = segments[i];
            if (segment.Name is not null)
            {
                if (current is not JsonObject obj)
                {
                    throw RequestValidationException.For(path, "Field names do not fit together.");
                }
                if (last)
                {
                    if (obj.ContainsKey(segment.Name))
                    {
                        throw RequestValidationException.For(path, "Sent more than once.");
                    }
                    obj[segment.Name] = value;
                    return;
                }
                current = obj[segment.Name] ??= Create()!;
            }
            else
            {
                if (current is not JsonArray array)
                {
                    throw RequestValidationException.For(path, "Field names do not fit together.");
                }
                while (array.Count <= segment.Index!.Value)
                {
                    array.Add(null);
                }
                if (last)
                {
                    if (array[segment.Index.Value] is not null)
                    {
                        throw RequestValidationException.For(path, "Sent more than once.");
                    }
                    array[segment.Index.Value] = value;
                    return;
                }
                current = array[segment.Index.Value] ??= Create()!;
            }
        }
    }
}
