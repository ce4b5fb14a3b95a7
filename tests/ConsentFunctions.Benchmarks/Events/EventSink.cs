using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Benchmarks.Events;

/// <summary>
/// A webhook destination on a free loopback port that notes when each event arrived, keyed by
/// type and subject, so the benchmark can wait for the one its click caused.
/// </summary>
public sealed class EventSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _arrivals = new();

    private EventSink(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/events";

    /// <summary>Completes with the Stopwatch timestamp at which the event of that type and subject arrived.</summary>
    public Task<long> ArrivalOf(string type, string subject) => Slot(type, subject).Task;

    private TaskCompletionSource<long> Slot(string type, string subject)
        => _arrivals.GetOrAdd(type + "|" + subject, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    public static async Task<EventSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new EventSink(app);
        app.MapPost("/events", async context =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var type = json.RootElement.GetProperty("type").GetString()!;
            var subject = json.RootElement.GetProperty("subject").GetString()!;
            sink.Slot(type, subject).TrySetResult(now);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
