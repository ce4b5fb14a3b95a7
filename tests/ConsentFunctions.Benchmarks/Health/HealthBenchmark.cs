using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Benchmarks.Health;

/// <summary>
/// Issue 12: how long GET /api/health takes to say 503 when storage is down, in the two ways it can
/// be down: nothing listens (connections refused) and a black hole (connections accepted, nothing
/// ever answered). The probe's own deadline (1.5 s) bounds both; the target is 2 s.
/// </summary>
public static class HealthBenchmark
{
    public static async Task<string> RunAsync(int count)
    {
        var report = new StringBuilder();
        report.AppendLine("| storage | requests | status | p50 ms | max ms |");
        report.AppendLine("|---|---:|---|---:|---:|");
        using (var blackHole = new TcpListener(IPAddress.Loopback, 0))
        {
            blackHole.Start();
            report.AppendLine(await MeasureAsync("black hole (accepts, never answers)", ((IPEndPoint)blackHole.LocalEndpoint).Port, count));
        }
        int refusedPort;
        using (var free = new TcpListener(IPAddress.Loopback, 0))
        {
            free.Start();
            refusedPort = ((IPEndPoint)free.LocalEndpoint).Port;
        }
        report.AppendLine(await MeasureAsync("nothing listens (refused)", refusedPort, count));
        return report.ToString();
    }

    private static async Task<string> MeasureAsync(string name, int port, int count)
    {
        await using var host = await LocalHostApp.StartAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                    + $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
                ["Subjects:HashKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-only-subject-hash-key-32bytes!")),
                ["LocalHost:AdminKey"] = "benchmark-admin-key",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Critical);
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var times = new List<double>();
        var statuses = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var answer = await client.GetAsync("/api/health");
            times.Add(watch.Elapsed.TotalMilliseconds);
            statuses.Add((int)answer.StatusCode);
        }
        times.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {count} | {string.Join(", ", statuses)} | {times[times.Count / 2]:F0} | {times[^1]:F0} |");
    }
}
