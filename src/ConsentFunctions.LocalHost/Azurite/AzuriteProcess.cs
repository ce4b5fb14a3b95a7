using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConsentFunctions.LocalHost.Azurite;

/// <summary>Where Azurite listens and how it keeps its data.</summary>
public sealed record AzuriteOptions(int BlobPort, int QueuePort, int TablePort, string? Location)
{
    public static readonly AzuriteOptions DevelopmentDefaults = new(10000, 10001, 10002, null);

    /// <summary>Three free loopback ports and in-memory storage: what a test or a benchmark wants.</summary>
    public static AzuriteOptions InMemoryOnFreePorts() => new(FreePort(), FreePort(), FreePort(), null);

    /// <summary>Three free loopback ports and data kept in <paramref name="location"/> (survives a graceful restart).</summary>
    public static AzuriteOptions OnDiskOnFreePorts(string location) => new(FreePort(), FreePort(), FreePort(), location);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Azurite, the storage emulator, run from the repository's pinned npm package (installed with
/// <c>npm ci</c> the first time). Node runs a small wrapper that exits when our standard input
/// closes, so Azurite never outlives the process that started it, even one that crashed.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Wrapper = """
        // Exit with the parent: its end of our stdin closes when it dies.
        process.stdin.on('end', () => process.exit(0));
        process.stdin.on('error', () => process.exit(0));
        process.stdin.resume();
        // On SIGTERM/SIGINT Azurite closes its servers and saves; let go of stdin so node then exits.
        const letGo = () => {
          process.stdin.removeAllListeners('end');
          process.stdin.removeAllListeners('error');
          process.stdin.on('error', () => {});
          process.stdin.pause();
          if (process.stdin.unref) process.stdin.unref();
        };
        process.once('SIGTERM', letGo);
        process.once('SIGINT', letGo);
        const azurite = process.argv[2];
        process.argv.splice(2, 1);
        require(azurite);
        """;

    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteProcess(Process process, StringBuilder output, AzuriteOptions options)
    {
        _process = process;
        _output = output;
        Options = options;
    }

    public AzuriteOptions Options { get; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";"
        + $"BlobEndpoint=http://127.0.0.1:{Options.BlobPort}/devstoreaccount1;"
        + $"QueueEndpoint=http://127.0.0.1:{Options.QueuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{Options.TablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, AzuriteOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var entry = await NpmPackages.EnsureAzuriteAsync(repositoryRoot, log, cancellationToken);
        var wrapper = Path.Combine(Path.GetTempPath(), "consentfunctions-azurite-wrapper.js");
        await File.WriteAllTextAsync(wrapper, Wrapper, cancellationToken);

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var arg in new[]
        {
            wrapper, entry,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The SDKs may speak a newer service version than this Azurite knows.
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(arg);
        }
        if (options.Location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(options.Location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(options.Location);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, output, options);
        try
        {
            await azurite.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
        return azurite;
    }

    /// <summary>True when something already answers on the table and queue ports.</summary>
    public static async Task<bool> IsListeningAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await PortOpenAsync(options.TablePort, cancellationToken)
            && await PortOpenAsync(options.QueuePort, cancellationToken);
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Azurite exited at start: " + Output());
            }
            if (await IsListeningAsync(Options, cancellationToken) && await PortOpenAsync(Options.BlobPort, cancellationToken))
            {
                return;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("Azurite did not listen within " + timeout + ": " + Output());
    }

    private static async Task<bool> PortOpenAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>
    /// Stops Azurite as an operator would (SIGTERM): it closes its servers and saves its data, which
    /// it otherwise writes to disk only every few seconds. Unix only.
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill."))
        {
            await kill.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
