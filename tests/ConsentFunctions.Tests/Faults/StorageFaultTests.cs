using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ConsentFunctions.LocalHost.Azurite;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ConsentFunctions.Tests.Faults;

/// <summary>
/// Storage faults under 32-way capture load, through a TCP proxy between the app and its own
/// Azurite: refused connections, resets in mid-request, answers seconds late, storage down, and
/// Azurite stopped gracefully and restarted. Nothing acknowledged is lost; every failure is a 503
/// problem+json with Retry-After; a retry with the same submission id completes.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Concurrency = 32;
    private const int SubmissionsPerPhase = 192;

    private string _location = null!;
    private AzuriteProcess _azurite = null!;
    private FaultProxy _tables = null!;
    private FaultProxy _queues = null!;
    private LocalHostServer _server = null!;

    private readonly ConcurrentDictionary<string, string> _acknowledged = new(); // submission id -> receipt id
    private readonly ConcurrentDictionary<string, string> _bodies = new(); // submission id -> body

    public async Task InitializeAsync()
    {
        _location = Path.Combine(Path.GetTempPath(), "consentfunctions-faults-" + Guid.NewGuid().ToString("N"));
        _azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find()!, AzuriteOptions.OnDiskOnFreePorts(_location), TextWriter.Null);
        _tables = new FaultProxy(_azurite.Options.TablePort);
        _queues = new FaultProxy(_azurite.Options.QueuePort);
        _server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + $"TableEndpoint=http://127.0.0.1:{_tables.Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_queues.Port}/devstoreaccount1;",
        });
        _server.Client.Timeout = TimeSpan.FromMinutes(3);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _tables.DisposeAsync();
        await _queues.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_location, recursive: true);
    }

    private FaultMode Mode
    {
        set
        {
            _tables.Mode = value;
            _queues.Mode = value;
        }
    }

    [Fact]
    public async Task Under_faults_nothing_acknowledged_is_lost_failures_are_503_and_retries_complete()
    {
        // 1. Refused, reset and delayed connections under 32-way load.
        Mode = FaultMode.Faulty;
        var failed = await LoadAsync("faulty", SubmissionsPerPhase, during: null);
        Assert.True(_tables.Refused + _tables.Resets + _tables.Delayed > 0, "The proxy injected no fault.");

        // 2. Storage down: health says so, then says it is back.
        Mode = FaultMode.Down;
        await AssertHealthAsync(HttpStatusCode.ServiceUnavailable);
        failed.AddRange(await LoadAsync("down", Concurrency, during: null));
        Mode = FaultMode.Clean;
        await AssertHealthAsync(HttpStatusCode.OK);

        // 3. Azurite stopped gracefully in the middle of the load, then started again on its data.
        var restarted = new TaskCompletionSource();
        failed.AddRange(await LoadAsync("restart", SubmissionsPerPhase, during: async started =>
        {
            await started;
            // SIGTERM, then the network drops the open connections (Azurite's servers wait for them
            // to close before it saves and exits): storage is away, as on a restart in production.
            var stopping = _azurite.StopGracefullyAsync(TimeSpan.FromSeconds(60));
            Mode = FaultMode.Down;
            await stopping;
            Mode = FaultMode.Clean; // the proxy passes again: connections now fail at Azurite's closed port
            await AssertHealthAsync(HttpStatusCode.ServiceUnavailable);
            await Task.Delay(TimeSpan.FromSeconds(1)); // captures keep arriving while storage is away
            await _azurite.DisposeAsync();
            _azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find()!, _azurite.Options, TextWriter.Null);
            restarted.SetResult();
        }));
        await restarted.Task;
        await AssertHealthAsync(HttpStatusCode.OK);
        Assert.NotEmpty(failed);

        output.WriteLine($"Injected: {_tables.Refused + _queues.Refused} refused, {_tables.Resets + _queues.Resets} reset mid-request, "
            + $"{_tables.Delayed + _queues.Delayed} delayed; {failed.Count} submissions answered 503 (faulty {failed.Count(f => f.StartsWith("faulty", StringComparison.Ordinal))}, "
            + $"restart {failed.Count(f => f.StartsWith("restart", StringComparison.Ordinal))}), {_acknowledged.Count} acknowledged at once.");

        // 4. Every failed submission, retried with its id and body, completes: once, never a conflict.
        foreach (var id in failed)
        {
            using var answer = await PostAsync(id, _bodies[id]);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"Retry of {id}: {(int)answer.StatusCode} {text}");
            _acknowledged[id] = JsonDocument.Parse(text).RootElement.GetProperty("receiptId").GetString()!;
        }

        // 5. Every acknowledged receipt is there, intact, and the same as the first answer said.
        Assert.Equal(2 * SubmissionsPerPhase + Concurrency, _acknowledged.Count);
        foreach (var (id, receiptId) in _acknowledged)
        {
            using var answer = await _server.Client.SendAsync(_server.Admin(HttpMethod.Get, "/api/receipts/" + receiptId));
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"Receipt {receiptId} of {id}: {(int)answer.StatusCode} {text}");
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("integrity").GetProperty("intact").GetBoolean(), text);
        }
    }

    /// <summary>Sends <paramref name="count"/> submissions 32 at a time; answers the ids that failed (each a 503 problem).</summary>
    private async Task<List<string>> LoadAsync(string phase, int count, Func<Task, Task>? during)
    {
        var failed = new ConcurrentBag<string>();
        var next = -1;
        var halfway = new TaskCompletionSource();
        var alongside = during?.Invoke(halfway.Task) ?? Task.CompletedTask;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (i == count / 3)
                {
                    halfway.TrySetResult();
                }
                var id = $"{phase}-{i}-{Guid.NewGuid():N}";
                var body = Forms.Valid(Forms.UniqueEmail(phase)).ToJsonString();
                _bodies[id] = body;
                using var answer = await PostAsync(id, body);
                var text = await answer.Content.ReadAsStringAsync();
                if (answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    _acknowledged[id] = JsonDocument.Parse(text).RootElement.GetProperty("receiptId").GetString()!;
                    continue;
                }
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"{phase} {id}: {(int)answer.StatusCode} {text} " + string.Join(" | ", _server.Logs.Lines.Where(l => l.Contains("unexpected", StringComparison.Ordinal))));
                Assert.StartsWith("application/problem+json", answer.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
                Assert.NotNull(answer.Headers.RetryAfter);
                failed.Add(id);
            }
        })).ToList();
        await Task.WhenAll(workers);
        halfway.TrySetResult();
        await alongside;
        return [.. failed];
    }

    private async Task<HttpResponseMessage> PostAsync(string submissionId, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/consents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", submissionId);
        return await _server.Client.SendAsync(request);
    }

    /// <summary>Polls /api/health until it gives <paramref name="expected"/> (each answer bounded by the probe's deadline).</summary>
    private async Task AssertHealthAsync(HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpStatusCode last;
        do
        {
            using var answer = await _server.Client.GetAsync("/api/health");
            last = answer.StatusCode;
            if (last == expected)
            {
                if (expected == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(answer.Headers.RetryAfter);
                }
                return;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Health stayed {(int)last}, expected {(int)expected}.");
    }
}
