using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Proofs;
using ConsentFunctions.Tests.Events;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Verify;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Proofs;

/// <summary>The verifier's answer: its exit code and the lines it printed.</summary>
public sealed record Verdict(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}:\n{Output}";
}

public static class ProofCalls
{
    /// <summary>Day 1 of the tests (FunctionTestApp's clock starts at 10:00 on it), and when its root is due.</summary>
    public static readonly DateTimeOffset Day1RootRun = new(2026, 12, 1, 0, 15, 0, TimeSpan.Zero);

    /// <summary>A test app timestamping with <paramref name="authority"/> (none when null), whose clock the authority then reads.</summary>
    public static async Task<FunctionTestApp> AppAsync(TestTimestampAuthority? authority)
    {
        var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Proofs:TsaUrl"] = authority?.Url ?? string.Empty });
        if (authority is not null)
        {
            authority.Clock = app.Time.GetUtcNow;
        }
        return app;
    }

    /// <summary>Records a valid two-box form for a new person and relays its events to the log; returns the email and receipt id.</summary>
    public static async Task<(string Email, string ReceiptId)> RecordAsync(this FunctionTestApp app, string? email = null)
    {
        email ??= Forms.UniqueEmail();
        var answer = await app.CaptureAsync(Forms.Valid(email).ToJsonString());
        Assert.Equal(201, answer.Status);
        await app.RelayAsync();
        return (email, answer.Json.GetProperty("receiptId").GetString()!);
    }

    /// <summary>What the timer BuildProofRoots does.</summary>
    public static Task<DailyRootRun> RootAsync(this FunctionTestApp app)
        => app.Services.GetRequiredService<DailyRootSealer>().RunAsync(CancellationToken.None);

    public static void AdvanceTo(this FunctionTestApp app, DateTimeOffset at) => app.Time.Advance(at - app.Time.GetUtcNow());

    public static async Task<HttpAnswer> SubjectProofAsync(this FunctionTestApp app, string email)
        => await SubjectProofBodyAsync(app, new JsonObject { ["subject"] = new JsonObject { ["email"] = email } }.ToJsonString());

    public static async Task<HttpAnswer> SubjectProofBodyAsync(this FunctionTestApp app, string body)
    {
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<ProofPackFunctions>().ForSubject(request));
    }

    public static async Task<HttpAnswer> ReceiptProofAsync(this FunctionTestApp app, string receiptId)
    {
        var request = app.Request("GET", (byte[]?)null, null);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<ProofPackFunctions>().ForReceipt(request, receiptId));
    }

    public static Task<BlobContainerClient> ProofContainerAsync(this FunctionTestApp app)
        => app.Services.GetRequiredService<ProofRootContainer>().ContainerAsync();

    public static async Task<DayRoot> StoredRootAsync(this FunctionTestApp app, DateOnly day)
    {
        var container = await app.ProofContainerAsync();
        return DayRoot.Parse((await container.GetBlobClient(DayRoot.RootBlobName(day)).DownloadContentAsync()).Value.Content.ToMemory().Span);
    }

    /// <summary>The container's blobs copied to a fresh folder, as an inspector would download them for --root-dir.</summary>
    public static async Task<string> DownloadRootsAsync(BlobContainerClient container)
    {
        var dir = Directory.CreateTempSubdirectory("proof-roots-").FullName;
        await foreach (var blob in container.GetBlobsAsync())
        {
            var path = Path.Combine(dir, blob.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await container.GetBlobClient(blob.Name).DownloadToAsync(path);
        }
        return dir;
    }

    /// <summary>Runs the verifier in this process (its public entry point; the end-to-end test runs it as a process).</summary>
    public static Verdict Verify(string pack, string? rootDir = null, TestTimestampAuthority? pinned = null)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("proof-pack-").FullName, "pack.json");
        File.WriteAllText(file, pack);
        var args = new List<string> { file };
        if (rootDir is not null)
        {
            args.AddRange(["--root-dir", rootDir]);
        }
        if (pinned is not null)
        {
            var cert = Path.ChangeExtension(file, ".pem");
            File.WriteAllText(cert, pinned.CertificatePem);
            args.AddRange(["--tsa-cert", cert]);
        }
        using var output = new StringWriter();
        var code = PackVerifier.Run([.. args], output, output);
        return new Verdict(code, output.ToString());
    }

    /// <summary>Rewrites one stored row: <paramref name="change"/> edits it, then it replaces the stored one.</summary>
    public static async Task TamperAsync(this FunctionTestApp app, string table, Func<TableEntity, bool> which, Action<TableEntity> change)
    {
        var client = await app.TableAsync(table);
        await foreach (var row in client.QueryAsync<TableEntity>())
        {
            if (which(row))
            {
                change(row);
                await client.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
                return;
            }
        }
        throw new InvalidOperationException("No row to tamper with in " + table + ".");
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in every string column of the row.</summary>
    public static void Replace(TableEntity row, string from, string to)
    {
        foreach (var key in row.Keys.ToList())
        {
            if (row[key] is string text && text.Contains(from, StringComparison.Ordinal))
            {
                row[key] = text.Replace(from, to, StringComparison.Ordinal);
            }
        }
    }

    public static bool IsReceiptOf(TableEntity row, string receiptId) => row.RowKey == "receipt|" + receiptId[..26];

    public static bool IsBoxOf(TableEntity row, string receiptId, int index)
        => row.RowKey.StartsWith("consent|", StringComparison.Ordinal) && row.RowKey.EndsWith($"|{receiptId[..26]}|{index:D2}", StringComparison.Ordinal)
           && row.PartitionKey == receiptId[26..];

    public const string SubjectsTable = TableNames.Subjects;
}
