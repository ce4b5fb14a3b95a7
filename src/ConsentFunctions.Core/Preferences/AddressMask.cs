namespace ConsentFunctions.Core.Preferences;

/// <summary>
/// The address as a preference page shows it: enough for its owner to recognise, too little for
/// whoever else reads the page over a shoulder or in a forwarded message (j•••@example.fr).
/// </summary>
public static class AddressMask
{
    private const string Dots = "•••";

    public static string Mask(string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (kind == "email")
        {
            var at = value.LastIndexOf('@');
            return at <= 0 ? Dots : value[..1] + Dots + value[at..];
        }
        // A phone in E.164: the country code's first digits and the last two.
        return value.Length <= 6 ? Dots : value[..3] + Dots + value[^2..];
    }
}
