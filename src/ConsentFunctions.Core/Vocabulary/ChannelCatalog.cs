namespace ConsentFunctions.Core;

/// <summary>
/// What a channel is, in one place: whether the law counts it as electronic (CPCE L.34-5:
/// consent by default), whether the soft opt-in may reach it, which identifier reaches it, and
/// its names in the pages' languages. The engine, the request validators and the pages read it;
/// adding a channel is one entry here plus the tests of the rules it falls under.
/// </summary>
public sealed record ChannelInfo(string Name, bool Electronic, bool SoftOptIn, string Identifier, string French, string English)
{
    public string Label(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? French : English;
}

public static class ChannelCatalog
{
    public static readonly IReadOnlyList<ChannelInfo> All =
    [
        new("email", Electronic: true, SoftOptIn: true, Identifier: "email", "e-mail", "email"),
        new("sms", Electronic: true, SoftOptIn: true, Identifier: "phone", "SMS", "SMS"),
        new("automated-call", Electronic: true, SoftOptIn: true, Identifier: "phone", "appel automatisé", "automated call"),
        // Fax: electronic, never the soft opt-in, consent from professionals too (CNIL).
        new("fax", Electronic: true, SoftOptIn: false, Identifier: "phone", "fax", "fax"),
        new("phone", Electronic: false, SoftOptIn: false, Identifier: "phone", "téléphone", "phone"),
        new("postal", Electronic: false, SoftOptIn: false, Identifier: "postal", "courrier", "post"),
    ];

    private static readonly Dictionary<string, ChannelInfo> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static bool TryGet(string? name, out ChannelInfo channel)
    {
        channel = name is not null && ByName.TryGetValue(name, out var found) ? found : null!;
        return channel is not null;
    }

    public static ChannelInfo Get(string name) => ByName[name];

    public static bool IsElectronic(string name) => TryGet(name, out var c) && c.Electronic;

    /// <summary>Channels reached through a phone number (the identifier a decision on them reads).</summary>
    public static bool ReachedByPhone(string? name) => TryGet(name, out var c) && c.Identifier == "phone";
}
