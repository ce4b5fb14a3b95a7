namespace ConsentFunctions.Core.Unsubscribe;

public sealed class UnsubscribeOptions
{
    public const string Section = "Unsubscribe";

    /// <summary>
    /// <c>keyId=base64secret;keyId2=base64secret2</c>: the first key signs new links, every key
    /// verifies. Rotation: put a new key first, keep the old ones while their links circulate.
    /// </summary>
    public string SigningKeys { get; set; } = string.Empty;

    /// <summary>The public base URL of the app for the links (e.g. https://consent.example.fr); when empty, the request's own.</summary>
    public string BaseUrl { get; set; } = string.Empty;
}
