using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsentFunctions.Core.Json;

/// <summary>One set of JSON options for requests, responses and stored documents.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Property names are the contract: "Checked" is not "checked".
            PropertyNameCaseInsensitive = false,
            // {"checked": false, "checked": true} is ambiguous proof: refuse it.
            AllowDuplicateProperties = false,
            // Wording is returned as stored: no \uXXXX rewriting of accents or emoji.
            Encoder = MinimalEscapingEncoder.Instance,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = 16,
        };
        options.Converters.Add(new UtcTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
