namespace ConsentFunctions.Core;

/// <summary>The closed lists of the contract, shared by every feature (docs/openapi.json names them).</summary>
public static class Vocabulary
{
    public static readonly IReadOnlySet<string> Channels = ChannelCatalog.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> BuiltInPurposes = new HashSet<string>(StringComparer.Ordinal)
        { "marketing", "partner-sharing", "non-commercial" };

    public static readonly IReadOnlySet<string> Audiences = new HashSet<string>(StringComparer.Ordinal)
        { "consumer", "professional" };

    public static readonly IReadOnlySet<string> SourceKinds = new HashSet<string>(StringComparer.Ordinal)
        { "form", "partner" };

    public const string PartnerSharing = "partner-sharing";
}
