using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>A real HTTP endpoint on a free loopback port that answers posts with the statuses it is given, then 200.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "hook-secret-5d1e";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<int> statuses)
    {
        _app = app;
        _statuses = statuses;
    }

    public ConcurrentQueue<(string ContentType, string Body)> Posts { get; } = new();

    /// <summary>The URL to set as Alerts:WebhookUrl; its query carries a key, as a Logic App's does.</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook?code=" + Secret;

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new ConcurrentQueue<int>(statuses));
        app.MapPost("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver.Posts.Enqueue((context.Request.ContentType ?? string.Empty, await reader.ReadToEndAsync()));
            context.Response.StatusCode = receiver._statuses.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
