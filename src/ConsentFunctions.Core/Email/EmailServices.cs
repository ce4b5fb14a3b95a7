using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Core.Email;

public static class EmailServices
{
    /// <summary>The email outbox (queue confirmation-emails) and its SMTP sender. SmtpOptions: bound and checked by Settings/SettingsValidation.cs.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<EmailDelivery>();
        return services;
    }
}
