namespace ConsentFunctions.Core.Capture;

/// <summary>The web origins whose forms may post to the capture route (README, "Routes": who may call what).</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Comma-separated origins, such as <c>https://shop.example.fr,https://www.example.fr</c>.</summary>
    public string AllowedOrigins { get; set; } = string.Empty;

    public bool IsAllowed(string origin)
        => AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
}
