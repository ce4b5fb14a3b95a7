using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Core.Retention;

public static class RetentionServices
{
    /// <summary>
    /// The due-date index, the sweep, its run log, and one handler per kind of due entry
    /// (<see cref="DueKinds"/>): a new kind is its <see cref="IDueEntryHandler"/> class and one line
    /// here. RetentionOptions: bound and checked by Settings/SettingsValidation.cs.
    /// </summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<RetentionIndex>();
        services.AddSingleton<RetentionRunLog>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<IDueEntryHandler, SubjectDueHandler>();
        services.AddSingleton<IDueEntryHandler, SuppressionDueHandler>();
        services.AddSingleton<IDueEntryHandler, ArchiveDueHandler>();
        services.AddSingleton<IDueEntryHandler, CallRecordsDueHandler>();
        services.AddSingleton<IDueEntryHandler, DecisionRecordsDueHandler>();
        services.AddSingleton<IDueEntryHandler, ConfirmationDueHandler>();
        return services;
    }
}
