using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Tests.Events;

/// <summary>One post as the receiver saw it: the raw body and the signature header.</summary>
public sealed record ReceivedEvent(string Path, string ContentType, string Signature, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP endpoint on a free loopback port with one path per behaviour: /ok answers 200,
/// /fail 500, /slow answers after 3 s (past the sender's timeout), /redirect 307 to /ok.
/// </summary>
public sealed class EventReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EventReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedEvent> Posts { get; } = new();

    public string Url(string path) => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + path;

    public IReadOnlyList<ReceivedEvent> At(string path) => Posts.Where(p => p.Path == path).ToList();

    public static async Task<EventReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new EventReceiver(app);
        async Task RecordAsync(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver.Posts.Enqueue(new ReceivedEvent(context.Request.Path, context.Request.ContentType ?? string.Empty,
                context.Request.Headers["Consent-Signature"].ToString(), body.ToArray()));
        }
        app.MapPost("/ok", async context => await RecordAsync(context));
        app.MapPost("/fail", async context =>
        {
            await RecordAsync(context);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        });
        app.MapPost("/slow", async context =>
        {
            await RecordAsync(context);
            // Answers after the sender gave up (its timeout is far shorter), or when it hangs up.
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        app.MapPost("/redirect", async context =>
        {
            await RecordAsync(context);
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/ok";
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
