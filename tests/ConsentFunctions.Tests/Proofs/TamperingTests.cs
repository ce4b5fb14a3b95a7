using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Proofs;

/// <summary>
/// One byte changed anywhere the proof depends on (a stored wording, a fact row, an event, a root
/// blob, a path element, the token): the verifier fails and names what failed.
/// </summary>
public class TamperingTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 30);

    private sealed record Rooted(FunctionTestApp App, TestTimestampAuthority Tsa, string Email, string ReceiptId) : IAsyncDisposable
    {
        public async Task<string> PackAsync()
        {
            var answer = await App.SubjectProofAsync(Email);
            Assert.Equal(200, answer.Status);
            return answer.Body;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Tsa.DisposeAsync();
        }
    }

    /// <summary>A person's consent recorded on day 1, a neighbour's too, the root of day 1 written and stamped; <paramref name="beforeRoot"/> runs before the timer.</summary>
    private static async Task<Rooted> RootedAsync(Func<FunctionTestApp, string, Task>? beforeRoot = null)
    {
        var tsa = await TestTimestampAuthority.StartAsync();
        var app = await ProofCalls.AppAsync(tsa);
        var (email, receiptId) = await app.RecordAsync();
        await app.RecordAsync();
        if (beforeRoot is not null)
        {
            await beforeRoot(app, receiptId);
        }
        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();
        return new Rooted(app, tsa, email, receiptId);
    }

    private static void AssertFails(Verdict verdict, params string[] reasons)
    {
        Assert.True(verdict.ExitCode == 1, verdict.ToString());
        Assert.Contains("FAIL ", verdict.Output, StringComparison.Ordinal);
        foreach (var reason in reasons)
        {
            Assert.True(verdict.Output.Contains(reason, StringComparison.Ordinal), $"'{reason}' not in:\n{verdict.Output}");
        }
    }

    [Fact]
    public async Task The_untouched_pack_verifies_against_the_stored_roots_and_the_authoritys_certificate()
    {
        await using var rooted = await RootedAsync();
        var roots = await ProofCalls.DownloadRootsAsync(await rooted.App.ProofContainerAsync());
        var verdict = ProofCalls.Verify(await rooted.PackAsync(), roots, rooted.Tsa);
        Assert.True(verdict.ExitCode == 0, verdict.ToString());
    }

    [Fact]
    public async Task A_stored_wording_changed_by_one_byte_fails_even_when_its_hash_is_rewritten_to_match()
    {
        await using var rooted = await RootedAsync();
        var forged = Forms.MarketingWording.Replace("offres", "offrez", StringComparison.Ordinal);
        await rooted.App.TamperAsync(TableNames.Subjects, r => ProofCalls.IsReceiptOf(r, rooted.ReceiptId), r => ProofCalls.Replace(r, Forms.MarketingWording, forged));
        AssertFails(ProofCalls.Verify(await rooted.PackAsync()), "box 0: the wording does not hash to its wordingSha256");

        // The operator rewrites the printed hash too: the receipt is consistent again, but not the one rooted.
        await rooted.App.TamperAsync(TableNames.Subjects, r => ProofCalls.IsReceiptOf(r, rooted.ReceiptId),
            r => ProofCalls.Replace(r, WordingHash.Sha256Hex(Forms.MarketingWording), WordingHash.Sha256Hex(forged)));
        var verdict = ProofCalls.Verify(await rooted.PackAsync());
        AssertFails(verdict, $"act {rooted.ReceiptId}-00: the inclusion path does not lead from its leaf to the root of 2026-11-30");
        Assert.DoesNotContain("wordingSha256", verdict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fact_row_changed_fails_naming_the_act_and_the_field()
    {
        await using var rooted = await RootedAsync();
        await rooted.App.TamperAsync(TableNames.Subjects, r => ProofCalls.IsBoxOf(r, rooted.ReceiptId, 0), r => r["Status"] = "refused");
        AssertFails(ProofCalls.Verify(await rooted.PackAsync()),
            $"act {rooted.ReceiptId}-00: the stored act's type is 'fr.consent.refused', the receipt says 'fr.consent.given'");
    }

    [Fact]
    public async Task An_event_changed_before_the_root_was_built_fails_the_act_it_describes()
    {
        await using var rooted = await RootedAsync((app, receiptId) => app.TamperAsync(TableNames.ConsentEvents,
            r => r.RowKey.EndsWith("|" + receiptId + "-01", StringComparison.Ordinal), r => ProofCalls.Replace(r, "\"channel\":\"email\"", "\"channel\":\"sms\"")));
        var verdict = ProofCalls.Verify(await rooted.PackAsync());
        AssertFails(verdict, $"act {rooted.ReceiptId}-01: the inclusion path does not lead");
        Assert.DoesNotContain($"act {rooted.ReceiptId}-00", verdict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_blob_changed_in_storage_fails_against_the_timestamp_and_the_leaves()
    {
        await using var rooted = await RootedAsync();
        var container = await rooted.App.ProofContainerAsync();
        var downloaded = await ProofCalls.DownloadRootsAsync(container);
        var stored = await rooted.App.StoredRootAsync(Day1);
        // The operator replaces the person's leaf by one of their own choosing and recomputes the root.
        var index = stored.Leaves.ToList().FindIndex(l => l.Id == rooted.ReceiptId + "-00");
        var leaves = stored.Leaves.Select((l, i) => i == index ? l with { Leaf = new string('0', 64) } : l).ToList();
        var forged = DayRoot.Build(Day1, leaves, stored.BuiltAt);
        await container.GetBlobClient(DayRoot.RootBlobName(Day1)).UploadAsync(BinaryData.FromBytes(forged.ToBytes()), overwrite: true);

        AssertFails(ProofCalls.Verify(await rooted.PackAsync()), "day 2026-11-30: the timestamp token does not sign this day's root");
        // Against the blobs downloaded before the change, the pack's root is not the stored one.
        AssertFails(ProofCalls.Verify(await rooted.PackAsync(), downloaded), "day 2026-11-30:");
    }

    [Fact]
    public async Task A_downloaded_root_whose_leaves_or_root_differ_from_the_pack_fails()
    {
        await using var rooted = await RootedAsync();
        var pack = await rooted.PackAsync();
        var roots = await ProofCalls.DownloadRootsAsync(await rooted.App.ProofContainerAsync());
        var file = Path.Combine(roots, "2026-11-30", "root.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        var leaf = json["leaves"]![3]!["leaf"]!.GetValue<string>();
        json["leaves"]![3]!["leaf"] = (leaf[0] == 'a' ? "b" : "a") + leaf[1..];
        File.WriteAllText(file, json.ToJsonString());
        AssertFails(ProofCalls.Verify(pack, roots), "day 2026-11-30: the stored root blob's leaves do not hash to its root");

        json["root"] = new string('f', 64);
        File.WriteAllText(file, json.ToJsonString());
        AssertFails(ProofCalls.Verify(pack, roots), "day 2026-11-30: the stored root blob differs from the pack's root");
    }

    [Fact]
    public async Task A_path_element_changed_in_the_pack_fails()
    {
        await using var rooted = await RootedAsync();
        var pack = JsonNode.Parse(await rooted.PackAsync())!;
        var path = pack["acts"]![1]!["path"]!.AsArray();
        var element = path[0]!.GetValue<string>();
        path[0] = (element[0] == '0' ? "1" : "0") + element[1..];
        AssertFails(ProofCalls.Verify(pack.ToJsonString()), $"act {rooted.ReceiptId}-01: the inclusion path does not lead from its leaf to the root of 2026-11-30");
    }

    [Fact]
    public async Task A_token_changed_in_storage_or_from_another_authority_fails()
    {
        await using var rooted = await RootedAsync();
        var container = await rooted.App.ProofContainerAsync();
        var blob = container.GetBlobClient(DayRoot.TimestampBlobName(Day1));
        var token = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        token[^1] ^= 0x01; // one byte of the signed token
        await blob.UploadAsync(BinaryData.FromBytes(token), overwrite: true);
        AssertFails(ProofCalls.Verify(await rooted.PackAsync()), "day 2026-11-30: the timestamp token ");

        token[^1] ^= 0x01;
        await blob.UploadAsync(BinaryData.FromBytes(token), overwrite: true);
        await using var other = await TestTimestampAuthority.StartAsync();
        AssertFails(ProofCalls.Verify(await rooted.PackAsync(), pinned: other), "day 2026-11-30: the token was not signed by the given TSA certificate");
    }

    [Fact]
    public async Task A_deleted_fact_row_leaves_its_act_missing_from_the_pack()
    {
        await using var rooted = await RootedAsync();
        var table = await rooted.App.TableAsync(TableNames.Subjects);
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            if (ProofCalls.IsBoxOf(row, rooted.ReceiptId, 1))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }
        AssertFails(ProofCalls.Verify(await rooted.PackAsync()), $"act {rooted.ReceiptId}-01 (box 1, refused) is missing from the pack");
    }
}
