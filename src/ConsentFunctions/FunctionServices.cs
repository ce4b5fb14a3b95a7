using ConsentFunctions.Capture;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions;

/// <summary>Services of the trigger layer itself; both hosts call this after AddConsentCore.</summary>
public static class FunctionServices
{
    public static IServiceCollection AddConsentFunctions(this IServiceCollection services)
    {
        services.AddSingleton<CaptureCors>();
        return services;
    }
}
