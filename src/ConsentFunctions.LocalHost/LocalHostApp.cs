using ConsentFunctions.Core;
using ConsentFunctions.LocalHost.Azurite;
using ConsentFunctions.LocalHost.Functions;
using ConsentFunctions.LocalHost.Http;
using ConsentFunctions.LocalHost.Queues;
using ConsentFunctions.LocalHost.Timers;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.LocalHost.Website;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.LocalHost;

/// <summary>
/// The local host: the Functions app's own classes served by ASP.NET Core, with Azurite started
/// when the storage setting is the development default and nothing answers on its ports.
/// </summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:7071";

    private readonly AzuriteProcess? _azurite;

    private LocalHostApp(WebApplication app, AzuriteProcess? azurite)
    {
        App = app;
        _azurite = azurite;
    }

    public WebApplication App { get; }

    /// <summary>The first address Kestrel listens on (useful with port 0 in tests).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<LocalHostApp> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        InsertSettingsFile(builder.Configuration, LocalSettingsFile.Load(LocalSettingsFile.Find(root)));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", Microsoft.Extensions.Logging.LogLevel.Warning);
        configure?.Invoke(builder);
        RefuseWellKnownKeyBeyondLoopback(builder.Configuration);

        var azurite = await StartAzuriteIfNeededAsync(builder.Configuration, root, cancellationToken);
        try
        {
            builder.Services.AddMvcCore();
            builder.Services.AddConsentCore(builder.Configuration).AddConsentFunctions();
            // With no Smtp:Host, emails are printed to this console (never by the Functions app).
            builder.Services.AddSingleton<Core.Email.ILocalEmailOutput, Email.ConsoleEmailOutput>();
            var functionsAssembly = typeof(FunctionServices).Assembly;
            var hostJson = HostJson.ReadQueueSettings(Path.Combine(AppContext.BaseDirectory, "host.json"));
            if (hostJson.MessageEncoding != Core.Storage.StorageClients.QueueEncodingName)
            {
                // The trigger would decode what the app's producers encode otherwise.
                throw new InvalidOperationException(
                    $"host.json sets queue messageEncoding '{hostJson.MessageEncoding}', but the app's producers send {Core.Storage.StorageClients.QueueEncodingName}.");
            }
            builder.Services.AddSingleton(hostJson);
            // Every [Function] of the app, whatever its trigger; timer schedules read from settings now, so a missing one stops the start.
            var functions = FunctionCatalog.Discover(functionsAssembly).WithSchedulesResolved(builder.Configuration);
            builder.Services.AddSingleton(functions.Queues);
            builder.Services.AddSingleton(functions.Timers);
            builder.Services.AddHostedService<QueueDispatcher>();
            builder.Services.AddHostedService<TimerDispatcher>();

            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await HttpFunctionEndpoints.WriteUnhandledAsync(context);
                }
            });
            // An unknown route or method (404, 405) is problem+json too, as every other error.
            app.UseStatusCodePages(context => HttpFunctionEndpoints.WriteStatusAsync(context.HttpContext));
            var website = SampleWebsite.Folder(root);
            if (website is not null)
            {
                app.UseSampleWebsite(website);
            }
            app.MapHttpFunctions(functions.Http);
            await app.StartAsync(cancellationToken);
            return new LocalHostApp(app, azurite);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>The admin key of the committed sample file protects nothing once others can reach the host.</summary>
    public const string SampleAdminKey = Core.Settings.DevelopmentSecrets.AdminKey;

    /// <summary>Shortest admin key accepted when the host listens beyond loopback.</summary>
    public const int MinExposedAdminKeyLength = 16;

    // The app's own settings (hash key, signing keys, base URL) are checked at start-up by
    // Core/Settings/SettingsValidation; the admin key is the local host's alone.
    private static void RefuseWellKnownKeyBeyondLoopback(IConfiguration configuration)
    {
        if (!Core.Settings.HostExposure.From(configuration).IsExposed)
        {
            return;
        }
        var key = configuration["LocalHost:AdminKey"] ?? string.Empty;
        if (key == SampleAdminKey || key.Length < MinExposedAdminKeyLength)
        {
            throw new InvalidOperationException(
                $"The local host listens beyond this machine: set LocalHost__AdminKey to a secret of your own (at least {MinExposedAdminKeyLength} characters), not the sample's.");
        }
    }

    // The settings file sits below environment variables and the command line, as in Azure.
    private static void InsertSettingsFile(ConfigurationManager configuration, IConfigurationSource? source)
    {
        if (source is null)
        {
            return;
        }
        var sources = configuration.Sources;
        var index = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is EnvironmentVariablesConfigurationSource e && string.IsNullOrEmpty(e.Prefix)).i;
        sources.Insert(index > 0 ? index : sources.Count, source);
    }

    private static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(IConfiguration configuration, string? root, CancellationToken cancellationToken)
    {
        var storage = configuration[Core.Storage.StorageOptions.ConnectionName];
        if (!string.Equals(storage?.Trim().TrimEnd(';'), "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (await AzuriteProcess.IsListeningAsync(AzuriteOptions.DevelopmentDefaults, cancellationToken))
        {
            return null; // an Azurite the developer started, or another local host's
        }
        if (root is null)
        {
            throw new InvalidOperationException("Storage is UseDevelopmentStorage=true, nothing listens on the Azurite ports, and the repository (package.json) was not found to start Azurite.");
        }
        Console.WriteLine("Starting Azurite on ports 10000-10002 (data in .azurite/)...");
        return await AzuriteProcess.StartAsync(root, AzuriteOptions.DevelopmentDefaults with { Location = Path.Combine(root, ".azurite") }, Console.Out, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
