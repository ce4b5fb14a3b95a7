namespace ConsentFunctions.Core.Unsubscribe;

/// <summary>
/// What a link's token names: whose (keyed hash), which channel and purpose, which link, and the
/// language of the page ("fr", "en", or empty to follow the browser).
/// </summary>
public sealed record UnsubscribeToken(string KeyId, string SubjectKey, string Channel, string Purpose, string TokenId, string Language = "");
