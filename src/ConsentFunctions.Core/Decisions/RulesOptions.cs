namespace ConsentFunctions.Core.Decisions;

/// <summary>What a business may tune in the rules (RULES.md: durations and dates are configuration).</summary>
public sealed class RulesOptions
{
    public const string Section = "Rules";

    /// <summary>From this day, live phone calls to consumers need consent (law n° 2025-594, art. 13).</summary>
    public DateTimeOffset PhoneOptInFrom { get; set; } = Calling.PhoneOptIn.From;

    /// <summary>
    /// The legal names of the business, comma-separated: a partner import is valid only where the
    /// partner's form listed one of them (RULES.md section 6). Empty: every import is invalid.
    /// </summary>
    public string ControllerNames { get; set; } = string.Empty;

    public IReadOnlyList<string> ControllerNameList()
        => ControllerNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Local parts of generic business addresses (rule 7), comma-separated.</summary>
    public string GenericAddressPrefixes { get; set; } =
        "contact,info,infos,sales,hello,bonjour,commercial,accueil,service.client,serviceclient,support,admin,office,secretariat,direction";

    public bool IsGenericBusinessAddress(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }
        var local = email[..at];
        return GenericAddressPrefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(p => string.Equals(p, local, StringComparison.OrdinalIgnoreCase));
    }
}
