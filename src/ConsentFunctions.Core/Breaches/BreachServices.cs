using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Breaches;

public static class BreachServices
{
    /// <summary>The breach register, its deadline watch and the alert channels (queue, optional webhook).</summary>
    public static IServiceCollection AddBreaches(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // BreachOptions and AlertOptions: bound and checked at start-up by Settings/SettingsValidation.cs.
        services.AddSingleton<BreachStore>();
        services.AddSingleton<BreachRegister>();
        services.AddSingleton<BreachAlertSender>();
        services.AddSingleton<BreachWatch>();
        services.AddHttpClient(BreachAlertSender.WebhookClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<AlertOptions>>().Value.WebhookTimeout)
            // The factory's default logging writes the request URL, and the webhook URL may carry a key.
            .RemoveAllLoggers();
        return services;
    }
}
