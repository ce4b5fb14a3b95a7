namespace ConsentFunctions.Core.Links;

/// <summary>
/// Settings of the links sent to people. They are signed with the keys of
/// <c>Unsubscribe:SigningKeys</c> (one set of keys, one rotation, for every kind of link).
/// </summary>
public sealed class LinkOptions
{
    public const string Section = "Links";

    /// <summary>How long a preference link opens the person's page, in days (unsubscribe links never expire).</summary>
    public int PreferenceDays { get; set; } = 30;
}
