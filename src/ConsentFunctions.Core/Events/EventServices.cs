using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ConsentFunctions.Core.Events;

public static class EventServices
{
    /// <summary>Consent events: the outbox, the relay to the log and the queues, the signed webhooks, replay.</summary>
    public static IServiceCollection AddConsentEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventOptions>, EventOptionsValidator>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<EventRelay>();
        services.AddSingleton<WebhookDelivery>();
        services.AddHttpClient(WebhookDelivery.ClientName)
            // The pipeline below times each try out; the client's own limit must not cut it short.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect is answered as a failure: the signed body never goes where the settings do not say.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
            // The factory's default logging writes the request URL, and a destination URL may carry a key.
            .RemoveAllLoggers()
            .AddResilienceHandler("consent-events", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<EventOptions>>().Value;
                // Waits and timeouts of a network call are wall-clock, whatever clock the app reads dates from.
                pipeline.TimeProvider = TimeProvider.System;
                if (o.HttpRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.HttpRetries,
                        Delay = o.HttpRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }
                pipeline.AddTimeout(o.Timeout);
            });
        return services;
    }
}
