namespace ConsentFunctions.Core.Notices;

/// <summary>A registered, immutable version of the text a form shows next to a box.</summary>
public sealed record Notice(string NoticeId, string Version, string Language, string Purpose, string Channel, string Wording, string WordingSha256, DateTimeOffset RegisteredAt);

/// <summary>The body of POST /api/notices.</summary>
public sealed class NoticeRequest
{
    public string? NoticeId { get; set; }
    public string? Version { get; set; }
    public string? Language { get; set; }
    public string? Purpose { get; set; }
    public string? Channel { get; set; }
    public string? Wording { get; set; }
}
