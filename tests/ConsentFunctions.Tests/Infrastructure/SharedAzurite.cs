using ConsentFunctions.LocalHost.Azurite;
using ConsentFunctions.LocalHost.Settings;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run, on free ports, in memory: started on first use, stopped
/// when the test process exits (and, through the wrapper's stdin, even if it crashes). Tests never
/// depend on a previously started process; each test app uses its own table prefix.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(StartAsync);

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;

    private static async Task<AzuriteProcess> StartAsync()
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        var azurite = await AzuriteProcess.StartAsync(root, AzuriteOptions.InMemoryOnFreePorts(), TextWriter.Null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
