using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core;
using ConsentFunctions.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>The answer of a function call, read back as a client would.</summary>
public sealed record HttpAnswer(int Status, IHeaderDictionary Headers, string Body)
{
    public string? ContentType => Headers.ContentType.ToString();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// The app's services composed exactly as both hosts compose them (AddConsentCore +
/// AddConsentFunctions), against the shared Azurite under a fresh table prefix, with a clock
/// the test controls. Function classes are called with real HttpRequests.
/// </summary>
public sealed class FunctionTestApp : IAsyncDisposable
{
    private FunctionTestApp(ServiceProvider services, CapturedLogs logs, FakeTimeProvider time, IConfiguration configuration)
    {
        Services = services;
        Logs = logs;
        Time = time;
        Configuration = configuration;
    }

    public ServiceProvider Services { get; }
    public CapturedLogs Logs { get; }
    public FakeTimeProvider Time { get; }
    public IConfiguration Configuration { get; }

    public static async Task<FunctionTestApp> CreateAsync(IDictionary<string, string?>? overrides = null)
    {
        var settings = await TestSettings.CreateAsync();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturedLogs();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConsentCore(configuration).AddConsentFunctions();
        var provider = services.BuildServiceProvider();
        // What both hosts do when they start: every setting checked (ValidateOnStart).
        provider.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return new FunctionTestApp(provider, logs, time, configuration);
    }

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    public HttpRequest Request(string method, string? body = null, string? contentType = "application/json", IDictionary<string, string>? headers = null, IDictionary<string, string>? routeValues = null)
        => Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, headers, routeValues);

    public HttpRequest Request(string method, byte[]? body, string? contentType, IDictionary<string, string>? headers = null, IDictionary<string, string>? routeValues = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("consent.example.fr");
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.77");
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        if (contentType is not null)
        {
            context.Request.ContentType = contentType;
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }
        foreach (var (name, value) in routeValues ?? new Dictionary<string, string>())
        {
            context.Request.RouteValues[name] = value;
        }
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Executes a function's result into its response, as the hosts do.</summary>
    public static async Task<HttpAnswer> AnswerAsync(HttpRequest request, IActionResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = context.Response.Body;
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8);
        return new HttpAnswer(context.Response.StatusCode, context.Response.Headers, await reader.ReadToEndAsync());
    }

    public Task<TableClient> TableAsync(string name) => Services.GetRequiredService<ConsentTables>().GetAsync(name);

    /// <summary>Every row in every table of this app: what "nothing stored" is checked against.</summary>
    public async Task<int> CountAllRowsAsync()
    {
        var count = 0;
        foreach (var name in TableNames.All)
        {
            var table = await TableAsync(name);
            await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }
        }
        return count;
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
