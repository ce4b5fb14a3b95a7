using System.Text.Json;

namespace ConsentFunctions.LocalHost.Settings;

/// <summary>The queue settings of host.json that the local host honours, as the Functions host does.</summary>
public sealed record QueueHostSettings(string MessageEncoding, TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int MaxDequeueCount, int BatchSize)
{
    public static readonly QueueHostSettings Defaults = new("base64", TimeSpan.FromMinutes(1), TimeSpan.Zero, 5, 16);
}

public static class HostJson
{
    /// <summary>Reads extensions.queues of host.json; missing values take the Functions defaults.</summary>
    public static QueueHostSettings ReadQueueSettings(string path)
    {
        if (!File.Exists(path))
        {
            return QueueHostSettings.Defaults;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return QueueHostSettings.Defaults;
        }
        var d = QueueHostSettings.Defaults;
        return new QueueHostSettings(
            queues.TryGetProperty("messageEncoding", out var e) ? e.GetString()!.ToLowerInvariant() : d.MessageEncoding,
            queues.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : d.MaxPollingInterval,
            queues.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : d.VisibilityTimeout,
            queues.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : d.MaxDequeueCount,
            queues.TryGetProperty("batchSize", out var b) ? b.GetInt32() : d.BatchSize);
    }
}
