using System.Globalization;
using System.Text;
using ConsentFunctions.Benchmarks;
using ConsentFunctions.Benchmarks.Capture;
using ConsentFunctions.LocalHost;
using ConsentFunctions.LocalHost.Azurite;
using ConsentFunctions.LocalHost.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Load and cost measurements; not part of the test run. Usage:
//   dotnet run -c Release --project tests/ConsentFunctions.Benchmarks -- [--count N] [--write]
// --write replaces the figures in tests/ConsentFunctions.Benchmarks/RESULTS.md.
var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).DefaultIfEmpty(2000).First();
var write = args.Contains("--write");
var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run from the repository.");

await using var azurite = await AzuriteProcess.StartAsync(root, AzuriteOptions.InMemoryOnFreePorts(), Console.Out);
await using var host = await LocalHostApp.StartAsync(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Subjects:HashKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-only-subject-hash-key-32bytes!")),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
});

var results = await CaptureBenchmark.RunAsync(host, count);

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"| measurement | concurrency | requests | req/s | p50 ms | p99 ms | storage round trips / op |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var m in results)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Concurrency} | {m.Count} | {m.RequestsPerSecond:F0} | {m.P50:F2} | {m.P99:F2} | {m.RoundTripsPerOperation:F2} |");
}
report.AppendLine();
foreach (var concurrency in new[] { 1, 32 })
{
    var endpoint = results.First(r => r.Concurrency == concurrency && r.Name.Contains("local host", StringComparison.Ordinal));
    var direct = results.First(r => r.Concurrency == concurrency && r.Name.Contains("direct", StringComparison.Ordinal));
    report.AppendLine(CultureInfo.InvariantCulture,
        $"- concurrency {concurrency}: endpoint/direct p50 ratio {endpoint.P50 / direct.P50:F2}, throughput ratio {direct.RequestsPerSecond / endpoint.RequestsPerSecond:F2} (direct req/s ÷ endpoint req/s)");
}
Console.WriteLine(report);

if (write)
{
    var path = Path.Combine(root, "tests", "ConsentFunctions.Benchmarks", "RESULTS.md");
    var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
    const string begin = "<!-- capture:begin -->", end = "<!-- capture:end -->";
    var block = $"{begin}\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {count} requests a run, "
        + $"`dotnet run -c Release --project tests/ConsentFunctions.Benchmarks -- --count {count} --write`.\n\n{report}{end}";
    var b = text.IndexOf(begin, StringComparison.Ordinal);
    var e = text.IndexOf(end, StringComparison.Ordinal);
    text = b >= 0 && e > b ? text[..b] + block + text[(e + end.Length)..] : text + "\n" + block + "\n";
    await File.WriteAllTextAsync(path, text);
    Console.WriteLine("Written to " + path);
}
