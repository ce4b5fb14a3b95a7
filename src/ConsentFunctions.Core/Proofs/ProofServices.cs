using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

public static class ProofServices
{
    /// <summary>Proofs: the daily roots in blob storage, their RFC 3161 timestamps, the proof packs.</summary>
    public static IServiceCollection AddProofs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProofOptions>().Bind(configuration.GetSection(ProofOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProofOptions>, ProofOptionsValidator>();
        services.AddSingleton<ProofRootContainer>();
        services.AddSingleton<TimestampAuthority>();
        services.AddSingleton<DailyRootSealer>();
        services.AddSingleton<ProofPackBuilder>();
        // The factory's default logging writes the request URL; the authority's needs no log of its own.
        services.AddHttpClient(TimestampAuthority.ClientName).RemoveAllLoggers();
        return services;
    }
}
