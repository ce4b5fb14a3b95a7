using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Azure.Storage.Blobs.Models;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Proofs;

public class DailyRootTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 30);

    [Fact]
    public async Task The_timer_roots_the_previous_days_acts_in_id_order_with_each_receipts_hash_and_timestamps_the_root()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        var (_, first) = await app.RecordAsync();
        var (_, second) = await app.RecordAsync();

        app.AdvanceTo(ProofCalls.Day1RootRun);
        var run = await app.RootAsync();

        Assert.Equal(["2026-11-30"], run.DaysRooted);
        Assert.Equal(1, run.Timestamped);
        var root = await app.StoredRootAsync(Day1);
        var ids = new[] { first + "-00", first + "-01", second + "-00", second + "-01" }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids, root.Leaves.Select(l => l.Id));
        Assert.Equal(4, root.LeafCount);
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.Root(root.Leaves.Select(l => Convert.FromHexString(l.Leaf)).ToList())), root.Root);

        // Each leaf binds the act to the SHA-256 of its receipt's stored document.
        var receiptText = await app.Services.GetRequiredService<DailyRootSealer>().ReceiptTextAsync(first, CancellationToken.None);
        var act = new ProofAct(first + "-00", "fr.consent.given", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), first[26..], "email", "marketing", first, DailyRootSealer.Sha256Hex(receiptText!));
        Assert.Contains(new DayLeaf(act.Id, Convert.ToHexStringLower(act.LeafHash())), root.Leaves);

        // The token beside the root is an RFC 3161 token over the day's statement, from the authority.
        var container = await app.ProofContainerAsync();
        var token = (await container.GetBlobClient(DayRoot.TimestampBlobName(Day1)).DownloadContentAsync()).Value.Content.ToArray();
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out var decoded, out _));
        Assert.True(decoded!.VerifySignatureForHash(root.StatementSha256(), HashAlgorithmName.SHA256, out var signer, null));
        Assert.Equal(tsa.Certificate.Thumbprint, signer!.Thumbprint);
    }

    [Fact]
    public async Task A_late_run_catches_up_missed_days_in_order_and_a_day_without_acts_gets_the_empty_root()
    {
        await using var app = await ProofCalls.AppAsync(null);
        await app.RecordAsync();
        app.AdvanceTo(new DateTimeOffset(2026, 12, 4, 0, 15, 0, TimeSpan.Zero));

        var run = await app.RootAsync();

        Assert.Equal(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"], run.DaysRooted);
        Assert.Equal(4, run.TimestampsPending); // no authority configured
        var empty = await app.StoredRootAsync(new DateOnly(2026, 12, 2));
        Assert.Equal(0, empty.LeafCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), empty.Root);
        Assert.Equal(2, (await app.StoredRootAsync(Day1)).LeafCount);
        // Rooted days are not rooted again.
        Assert.Empty((await app.RootAsync()).DaysRooted);
    }

    [Fact]
    public async Task Racing_runs_write_one_root_per_day_and_a_stored_root_is_never_overwritten()
    {
        await using var app = await ProofCalls.AppAsync(null);
        await app.RecordAsync();
        app.AdvanceTo(new DateTimeOffset(2026, 12, 2, 0, 15, 0, TimeSpan.Zero));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.RootAsync()));

        var container = await app.ProofContainerAsync();
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        Assert.Equal(["2026-11-30/root.json", "2026-12-01/root.json"], names.Order(StringComparer.Ordinal));

        // The blob is created with If-None-Match: *: a later run, or a writer with other content, cannot replace it.
        var blob1 = container.GetBlobClient(DayRoot.RootBlobName(Day1));
        var before = (await blob1.GetPropertiesAsync()).Value.ETag;
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob1.UploadAsync(BinaryData.FromString("{}"),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All } }));
        Assert.Equal(before, (await blob1.GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task When_the_authority_is_down_the_root_is_kept_and_the_next_run_timestamps_it()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        await app.RecordAsync();
        app.AdvanceTo(ProofCalls.Day1RootRun);
        tsa.Down = true;

        var down = await app.RootAsync();

        Assert.Equal(["2026-11-30"], down.DaysRooted);
        Assert.Equal((0, 1), (down.Timestamped, down.TimestampsPending));
        var container = await app.ProofContainerAsync();
        Assert.False((await container.GetBlobClient(DayRoot.TimestampBlobName(Day1)).ExistsAsync()).Value);
        Assert.Contains(app.Logs.Lines, l => l.Contains("not timestamped", StringComparison.Ordinal));

        tsa.Down = false;
        app.Time.Advance(TimeSpan.FromDays(1));
        var next = await app.RootAsync();

        Assert.Equal(["2026-12-01"], next.DaysRooted);
        Assert.Equal((2, 0), (next.Timestamped, next.TimestampsPending));
        Assert.True((await container.GetBlobClient(DayRoot.TimestampBlobName(Day1)).ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_settings_are_checked_at_start_up()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Proofs:TsaUrl"] = "ftp://tsa.example", ["Proofs:ImmutableYears"] = "0" }));
        Assert.Contains("Proofs:TsaUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Proofs:ImmutableYears", error.Message, StringComparison.Ordinal);
    }
}
