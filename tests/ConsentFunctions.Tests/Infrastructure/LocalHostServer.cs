using ConsentFunctions.LocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>The local host, started as the run command starts it, on a free port, over the shared Azurite.</summary>
public sealed class LocalHostServer : IAsyncDisposable
{
    private LocalHostServer(LocalHostApp host, CapturedLogs logs)
    {
        Host = host;
        Logs = logs;
        Client = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public LocalHostApp Host { get; }
    public CapturedLogs Logs { get; }
    public HttpClient Client { get; }

    public static async Task<LocalHostServer> StartAsync(IDictionary<string, string?>? overrides = null, bool applyTestSettings = true, string[]? args = null, string url = "http://127.0.0.1:0", Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var settings = await TestSettings.CreateAsync();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var logs = new CapturedLogs();
        var host = await LocalHostApp.StartAsync([.. args ?? [], "--urls", url], builder =>
        {
            if (applyTestSettings)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            // Before the app's own services: a test's TimeProvider replaces the system clock.
            services?.Invoke(builder.Services);
        });
        return new LocalHostServer(host, logs);
    }

    public HttpRequestMessage Admin(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("x-functions-key", TestSettings.AdminKey);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
