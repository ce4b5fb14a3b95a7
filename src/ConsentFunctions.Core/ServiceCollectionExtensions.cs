using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Interactions;
using ConsentFunctions.Core.Links;
using ConsentFunctions.Core.Preferences;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Health;
using ConsentFunctions.Core.Notices;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Core.Receipts;
using ConsentFunctions.Core.Settings;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentFunctions.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The one composition of the app's services. The Functions host and the local host both call
    /// it, so they cannot wire the app differently.
    /// </summary>
    public static IServiceCollection AddConsentCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // Settings bound and checked when the host starts (Settings/SettingsValidation.cs).
        services.AddValidatedSettings(configuration);
        services.Configure<RulesOptions>(configuration.GetSection(RulesOptions.Section));

        services.AddSingleton<StorageRoundTrips>();
        services.AddSingleton(sp => StorageClients.Create(configuration, sp.GetRequiredService<StorageRoundTrips>()));
        services.AddSingleton<TableServiceClient>(sp => sp.GetRequiredService<StorageServiceClients>().Tables);
        services.AddSingleton<QueueServiceClient>(sp => sp.GetRequiredService<StorageServiceClients>().Queues);
        services.AddSingleton<ConsentTables>();
        services.AddSingleton<ConsentQueues>();

        services.AddSingleton<SubjectKeyHasher>();
        services.AddSingleton<NoticeRegistry>();
        services.AddSingleton<ConsentResolver>();
        services.AddSingleton<ConsentCapture>();
        services.AddSingleton<ReceiptReader>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton(new SettingsReadiness(configuration));

        services.AddRetention();
        services.AddSingleton<SubjectFactsReader>();
        services.AddOptions<Calling.CallingOptions>().Bind(configuration.GetSection(Calling.CallingOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Calling.CallingOptions>, Calling.CallingOptionsValidator>();
        services.AddSingleton(sp => new Calling.CallingSettings(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Calling.CallingOptions>>().Value));
        services.AddSingleton<DecisionService>();
        services.AddSingleton<DecisionRecordStore>();
        services.AddSingleton<InteractionRecorder>();
        services.AddSingleton<SuppressionWriter>();
        services.AddSingleton<SubjectLinkStore>();
        services.AddSingleton<ObjectionService>();
        services.AddSingleton<SubjectRights>();
        services.AddSingleton<LinkSigner>();
        services.AddSingleton<UnsubscribeTokenSigner>();
        services.AddSingleton<UnsubscribeLinkBuilder>();
        services.AddSingleton<UnsubscribeQueue>();
        services.AddSingleton<PreferenceLinkSigner>();
        services.AddSingleton<PreferenceCentre>();
        services.AddSingleton(LinkBaseUrl.From(configuration));
        services.AddSingleton<ConfirmationLinkSigner>();
        services.AddSingleton<ConfirmationRelay>();
        services.AddSingleton<DoubleOptInConfirmer>();
        services.AddEmail();
        services.AddBreaches(configuration);
        services.AddConsentEvents(configuration);
        services.AddProofs(configuration);
        return services;
    }
}
