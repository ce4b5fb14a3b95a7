using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.Core.Settings;

/// <summary>
/// Whether anyone but this machine can reach the app: always in Azure, and locally when the host
/// listens beyond loopback (<c>--urls http://0.0.0.0:8080</c>). Development secrets and
/// development defaults are refused then (see <see cref="SettingsValidation"/>).
/// </summary>
public sealed record HostExposure(bool InAzure, bool BeyondLoopback)
{
    /// <summary>What the local host listens on when nothing is configured.</summary>
    public const string DefaultLocalUrl = "http://localhost:7071";

    public bool IsExposed => InAzure || BeyondLoopback;

    public static HostExposure From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // App Service and Functions set these on every instance; they are never set locally.
        var inAzure = !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]) || !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]);
        var urls = configuration["urls"];
        var beyond = !string.IsNullOrWhiteSpace(urls)
            && !urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback);
        return new HostExposure(inAzure, beyond);
    }

    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // http://+:80 and http://*:80 listen everywhere.
        var normalized = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");
    }
}
