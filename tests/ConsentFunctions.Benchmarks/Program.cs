using System.Text;
using ConsentFunctions.Benchmarks;
using ConsentFunctions.Benchmarks.Capture;
using ConsentFunctions.Benchmarks.Decisions;
using ConsentFunctions.Benchmarks.Events;
using ConsentFunctions.Benchmarks.Proofs;
using ConsentFunctions.Benchmarks.Retention;
using ConsentFunctions.Benchmarks.Unsubscribe;
using ConsentFunctions.LocalHost;
using ConsentFunctions.LocalHost.Azurite;
using ConsentFunctions.LocalHost.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Load and cost measurements; not part of the test run. Usage:
//   dotnet run -c Release --project tests/ConsentFunctions.Benchmarks -- <capture|decisions|unsubscribe|events|retention|health|proofs> [--count N] [--write]
// Each benchmark starts its own in-memory Azurite and local host. --write replaces that
// benchmark's section of tests/ConsentFunctions.Benchmarks/RESULTS.md.
var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "capture";
var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).FirstOrDefault();
var write = args.Contains("--write");
var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run from the repository.");

if (name == "health")
{
    // Its own hosts, over storage that is down: no Azurite.
    var healthReport = await ConsentFunctions.Benchmarks.Health.HealthBenchmark.RunAsync(count > 0 ? count : 20);
    Console.WriteLine(healthReport);
    if (write)
    {
        await ResultsFile.WriteSectionAsync(root, name, $"`dotnet run -c Release --project tests/ConsentFunctions.Benchmarks -- health --count {(count > 0 ? count : 20)} --write`", healthReport);
    }
    return;
}

await using var azurite = await AzuriteProcess.StartAsync(root, AzuriteOptions.InMemoryOnFreePorts(), Console.Out);
// The events benchmark delivers to a webhook destination of its own.
await using var sink = name == "events" ? await EventSink.StartAsync() : null;
await using var host = await LocalHostApp.StartAsync(["--urls", "http://127.0.0.1:0"], builder =>
{
    var settings = new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Subjects:HashKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-only-subject-hash-key-32bytes!")),
        ["LocalHost:AdminKey"] = "benchmark-admin-key",
        ["Unsubscribe:SigningKeys"] = "bench=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-only-unsubscribe-signing-key!!")),
    };
    if (sink is not null)
    {
        settings["Events:Destinations:0:Name"] = "benchmark";
        settings["Events:Destinations:0:Url"] = sink.Url;
        settings["Events:Destinations:0:Secret"] = "benchmark-only-webhook-secret";
    }
    builder.Configuration.AddInMemoryCollection(settings);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
});

var (report, setting) = name switch
{
    "capture" => (await CaptureBenchmark.RunAsync(host, count > 0 ? count : 2000), count > 0 ? count : 2000),
    "decisions" => (await DecisionBenchmark.RunAsync(host, count > 0 ? count : 100_000, rounds: 5), count > 0 ? count : 100_000),
    "unsubscribe" => (await UnsubscribeBenchmark.RunAsync(host, count > 0 ? count : 200), count > 0 ? count : 200),
    "events" => (await EventDeliveryBenchmark.RunAsync(host, sink!, count > 0 ? count : 200), count > 0 ? count : 200),
    "retention" => (await RetentionBenchmark.RunAsync(host, count > 0 ? count : 100_000), count > 0 ? count : 100_000),
    "proofs" => (await ProofRootBenchmark.RunAsync(host, count > 0 ? count : 10_000), count > 0 ? count : 10_000),
    _ => throw new ArgumentException("Unknown benchmark " + name),
};
Console.WriteLine(report);
if (write)
{
    await ResultsFile.WriteSectionAsync(root, name, $"`dotnet run -c Release --project tests/ConsentFunctions.Benchmarks -- {name} --count {setting} --write`", report);
}
