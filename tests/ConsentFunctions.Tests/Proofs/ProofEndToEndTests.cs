using System.Diagnostics;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.LocalHost.Functions;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.LocalHost.Timers;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ConsentFunctions.Tests.Proofs;

/// <summary>
/// Issue "Done when": consents recorded over HTTP on day 1 (the local host, with the test's
/// clock), the timer of day 1 run against the in-process authority, the pack exported over HTTP
/// and checked by the verifier as a separate process (its built dll): exit 0; then storage
/// tampered with, and the verifier fails with the reason.
/// </summary>
public class ProofEndToEndTests
{
    [Fact]
    public async Task A_pack_exported_over_HTTP_verifies_in_a_separate_process_and_fails_once_storage_is_tampered_with()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        tsa.Clock = time.GetUtcNow;
        var prefix = "p" + Guid.NewGuid().ToString("N")[..12];
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["Proofs:TsaUrl"] = tsa.Url, ["Storage:TablePrefix"] = prefix, ["Storage:QueuePrefix"] = prefix + "-",
        }, services: s => s.AddSingleton<TimeProvider>(time));
        var connection = await SharedAzurite.ConnectionStringAsync();

        // Day 1: a person consents on a website's form (a public route); its events reach the log through the queue.
        var email = Forms.UniqueEmail();
        var capture = await server.Client.PostAsJsonAsync("/api/consents", Forms.Valid(email));
        Assert.Equal(System.Net.HttpStatusCode.Created, capture.StatusCode);
        var receiptId = (await capture.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("receiptId").GetString()!;
        var log = new TableClient(connection, prefix + "ConsentEvents");
        await PollAsync(async () => await CountAsync(log) == 2, "the two acts to reach the event log");

        // The timer, found by reflection as the local host finds it, run at 00:15 on day 2.
        time.SetUtcNow(ProofCalls.Day1RootRun);
        var timer = server.Host.App.Services.GetRequiredService<IReadOnlyList<TimerFunction>>().Single(f => f.Name == "BuildProofRoots");
        Assert.Equal("0 15 0 * * *", timer.Schedule);
        await server.Host.App.Services.GetServices<IHostedService>().OfType<TimerDispatcher>().Single().InvokeAsync(timer);
        var container = new BlobContainerClient(connection, prefix + "-" + ProofOptions.Container);
        await PollAsync(async () => (await container.GetBlobClient("2026-11-30/timestamp.tst").ExistsAsync()).Value, "the root of day 1 and its token");

        var work = Directory.CreateTempSubdirectory("proof-e2e-").FullName;
        var cert = Path.Combine(work, "tsa.pem");
        await File.WriteAllTextAsync(cert, tsa.CertificatePem);
        var pack = await ExportAsync(server, email, Path.Combine(work, "pack.json"));
        var roots = await ProofCalls.DownloadRootsAsync(container);

        var ok = await VerifyProcessAsync(pack, "--root-dir", roots, "--tsa-cert", cert);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.StartsWith($"OK   receipt {receiptId}: 2 acts proven in the root of 2026-11-30 (2 leaves, timestamped 2026-12-01T00:15:00Z by CN=ConsentFunctions Test TSA", ok.Output, StringComparison.Ordinal);

        // The operator rewrites the wording the person saw, and its printed hash, in table storage.
        var subjects = new TableClient(connection, prefix + "Subjects");
        var row = (await subjects.GetEntityAsync<TableEntity>(receiptId[26..], "receipt|" + receiptId[..26])).Value;
        var forged = Forms.MarketingWording.Replace("Boutique", "Boutiqu3", StringComparison.Ordinal);
        ProofCalls.Replace(row, Forms.MarketingWording, forged);
        ProofCalls.Replace(row, WordingHash.Sha256Hex(Forms.MarketingWording), WordingHash.Sha256Hex(forged));
        await subjects.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);

        var tampered = await VerifyProcessAsync(await ExportAsync(server, email, Path.Combine(work, "pack2.json")), "--root-dir", roots, "--tsa-cert", cert);
        Assert.True(tampered.ExitCode == 1, tampered.ToString());
        Assert.StartsWith($"FAIL receipt {receiptId}: act {receiptId}-00: the inclusion path does not lead from its leaf to the root of 2026-11-30", tampered.Output, StringComparison.Ordinal);
    }

    private static async Task<string> ExportAsync(LocalHostServer server, string email, string file)
    {
        using var request = server.Admin(HttpMethod.Post, "/api/subjects/proof", JsonContent.Create(new { subject = new { email } }));
        using var answer = await server.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        await File.WriteAllBytesAsync(file, await answer.Content.ReadAsByteArrayAsync());
        return file;
    }

    /// <summary>
    /// The verifier as a third party runs it: `dotnet ConsentFunctions.Verify.dll pack.json …`, from
    /// its own build output (built once with the tests through the project reference; the copy in
    /// the tests' folder lacks its Pkcs assembly, which the tests get from ASP.NET Core).
    /// </summary>
    private static async Task<Verdict> VerifyProcessAsync(string pack, params string[] options)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot.Find()!, "tools", "ConsentFunctions.Verify", "bin", output.Parent!.Name, output.Name, "ConsentFunctions.Verify.dll");
        foreach (var arg in new[] { dll, pack }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var printed = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new Verdict(process.ExitCode, await printed + await errors);
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        return count;
    }

    private static async Task PollAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what + ".");
            await Task.Delay(50);
        }
    }
}
