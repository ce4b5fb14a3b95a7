namespace ConsentFunctions.Core.Capture;

public sealed class CaptureOptions
{
    public const string Section = "Capture";

    /// <summary>Largest body accepted by POST /api/consents (docs/openapi.json: 64 KiB, 413 beyond).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Boxes in one submission; keeps one person's write within one table transaction.</summary>
    public const int MaxConsents = 20;

    /// <summary>Purposes a business adds to the built-in ones, comma-separated.</summary>
    public string ExtraPurposes { get; set; } = string.Empty;

    public IReadOnlySet<string> Purposes()
    {
        var purposes = new HashSet<string>(Vocabulary.BuiltInPurposes, StringComparer.Ordinal);
        foreach (var p in ExtraPurposes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            purposes.Add(p);
        }
        return purposes;
    }
}
