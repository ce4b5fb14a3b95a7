namespace ConsentFunctions.Core.Links;

/// <summary>What each kind of link is for: a token signed for one purpose is never accepted for another.</summary>
public static class LinkPurposes
{
    public const string Unsubscribe = "unsubscribe";
    public const string Preferences = "preferences";
    public const string Confirmation = "confirmation";
}

/// <summary>
/// A verified link token: whose (the keyed hash, never the address), which link, the language of
/// its page ("fr", "en", or empty to follow the browser), until when it opens (null: forever),
/// and the fields its purpose adds (an unsubscribe link's channel and purpose, for instance).
/// </summary>
public sealed record SignedLink(string KeyId, string Purpose, string SubjectKey, string TokenId, string Language, DateTimeOffset? ExpiresAt, IReadOnlyList<string> Data);
