using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Proofs;

public class ProofPackTests
{
    [Fact]
    public async Task The_pack_of_a_person_holds_each_receipt_its_acts_leaves_paths_root_token_and_TS_27560_records_and_verifies()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        var (email, receiptId) = await app.RecordAsync();
        await app.RecordAsync(); // someone else, same day: another leaf of the tree
        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();

        var answer = await app.SubjectProofAsync(email);

        Assert.Equal(200, answer.Status);
        var pack = answer.Json;
        var receipt = Assert.Single(pack.GetProperty("receipts").EnumerateArray());
        Assert.Equal(receiptId, receipt.GetProperty("receiptId").GetString());
        // The document exactly as stored: the GET /api/receipts proof, byte for byte.
        var stored = (await app.ReceiptAsync(receiptId)).Json.GetProperty("receipt");
        Assert.Equal(stored.GetRawText(), JsonDocument.Parse(receipt.GetProperty("document").GetString()!).RootElement.GetRawText());
        // Outside the receipt itself the person is their keyed hash only.
        var withoutDocuments = JsonNode.Parse(answer.Body)!;
        foreach (var r in withoutDocuments["receipts"]!.AsArray())
        {
            r!.AsObject().Remove("document");
        }
        Assert.DoesNotContain(email, withoutDocuments.ToJsonString(), StringComparison.Ordinal);

        var acts = pack.GetProperty("acts").EnumerateArray().ToList();
        Assert.Equal([receiptId + "-00", receiptId + "-01"], acts.Select(a => a.GetProperty("id").GetString()));
        Assert.All(acts, a =>
        {
            Assert.Equal("anchored", a.GetProperty("status").GetString());
            Assert.Equal("2026-11-30", a.GetProperty("day").GetString());
            Assert.Equal(2, a.GetProperty("path").GetArrayLength()); // 4 leaves: 2 levels
        });
        var day = Assert.Single(pack.GetProperty("days").EnumerateArray());
        Assert.Equal(4, day.GetProperty("leafCount").GetInt32());
        Assert.Equal("stamped", day.GetProperty("timestampStatus").GetString());
        Assert.Equal(6, pack.GetProperty("immutableYears").GetInt32());

        var record = receipt.GetProperty("consentRecords")[0];
        Assert.Equal("ISO/IEC TS 27560:2023", record.GetProperty("schemaVersion").GetString());
        Assert.Equal(receiptId[26..], record.GetProperty("piiPrincipalId").GetString());
        Assert.Equal(["Boutique Exemple SAS"], record.GetProperty("piiController").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("dpv:DirectMarketing", record.GetProperty("purpose").GetString());
        Assert.Equal("eu-gdpr:A6-1-a", record.GetProperty("legalBasis").GetString());
        Assert.Contains("dpv:Collect", record.GetProperty("processing").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Forms.MarketingWording, record.GetProperty("notice").GetProperty("wording").GetString());
        Assert.Equal(Core.Capture.WordingHash.Sha256Hex(Forms.MarketingWording), record.GetProperty("notice").GetProperty("wordingSha256").GetString());
        var history = Assert.Single(record.GetProperty("statusHistory").EnumerateArray());
        Assert.Equal("dpv:ConsentGiven", history.GetProperty("status").GetString());

        var verdict = ProofCalls.Verify(answer.Body, pinned: tsa);
        Assert.True(verdict.ExitCode == 0, verdict.ToString());
        Assert.StartsWith("OK   receipt " + receiptId + ": 2 acts proven in the root of 2026-11-30 (4 leaves, timestamped ", verdict.Output, StringComparison.Ordinal);
        Assert.Contains("CN=ConsentFunctions Test TSA", verdict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pack_of_one_receipt_verifies_and_an_unknown_receipt_is_404()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        var (email, first) = await app.RecordAsync();
        var (_, second) = await app.RecordAsync(email);
        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();

        var answer = await app.ReceiptProofAsync(second);

        Assert.Equal(200, answer.Status);
        Assert.Equal([second], answer.Json.GetProperty("receipts").EnumerateArray().Select(r => r.GetProperty("receiptId").GetString()));
        Assert.DoesNotContain(first, answer.Body, StringComparison.Ordinal);
        var verdict = ProofCalls.Verify(answer.Body);
        Assert.True(verdict.ExitCode == 0, verdict.ToString());

        (await app.ReceiptProofAsync(first[..26] + "AAAAAAAAAAAAAAAAAAAAAA")).AssertProblem(404);
        (await app.ReceiptProofAsync("not-a-receipt")).AssertProblem(404);
    }

    [Fact]
    public async Task An_unknown_person_is_404_and_a_bad_body_400_and_neither_stores_anything()
    {
        await using var app = await ProofCalls.AppAsync(null);
        var rows = await app.CountAllRowsAsync();

        (await app.SubjectProofAsync(Forms.UniqueEmail("nobody"))).AssertProblem(404);
        (await app.SubjectProofBodyAsync("{\"subject\":{\"email\":\"not an email\"}}")).AssertProblem(400, "subject.email");
        (await app.SubjectProofBodyAsync("{}")).AssertProblem(400, "subject");
        (await app.SubjectProofBodyAsync("[")).AssertProblem(400);

        Assert.Equal(rows, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_objection_is_an_act_of_its_own_in_the_pack_and_in_the_status_history()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        var (email, _) = await app.RecordAsync();
        app.Time.Advance(TimeSpan.FromHours(2));
        var request = app.Request("POST", new JsonObject { ["subject"] = new JsonObject { ["email"] = email }, ["channels"] = new JsonArray("email"), ["purposes"] = new JsonArray("marketing") }.ToJsonString());
        Assert.Equal(201, (await FunctionTestApp.AnswerAsync(request, await app.Function<ObjectionFunction>().Run(request))).Status);
        await ConsentFunctions.Tests.Events.EventCalls.RelayAsync(app);
        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();

        var answer = await app.SubjectProofAsync(email);

        var objection = answer.Json.GetProperty("acts").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "fr.consent.objection");
        Assert.Equal("anchored", objection.GetProperty("status").GetString());
        var record = answer.Json.GetProperty("receipts")[0].GetProperty("consentRecords").EnumerateArray()
            .Single(r => r.GetProperty("purposeLabel").GetString() == "marketing" && r.GetProperty("channel").GetString() == "email");
        Assert.Equal(["dpv:ConsentGiven", "dpv:ConsentWithdrawn"], record.GetProperty("statusHistory").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("dpv:ConsentWithdrawn", record.GetProperty("currentStatus").GetString());
        var verdict = ProofCalls.Verify(answer.Body, pinned: tsa);
        Assert.True(verdict.ExitCode == 0, verdict.ToString());
        Assert.Contains("OK   act s-", verdict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acts_of_a_day_not_rooted_yet_are_pending_and_without_an_authority_the_pack_says_so()
    {
        await using var app = await ProofCalls.AppAsync(null);
        var (email, _) = await app.RecordAsync();

        var today = await app.SubjectProofAsync(email);
        Assert.All(today.Json.GetProperty("acts").EnumerateArray(), a => Assert.Equal("pending", a.GetProperty("status").GetString()));
        var pending = ProofCalls.Verify(today.Body);
        Assert.True(pending.ExitCode == 2, pending.ToString());
        Assert.StartsWith("PENDING receipt", pending.Output, StringComparison.Ordinal);

        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();
        var rooted = await app.SubjectProofAsync(email);
        Assert.Equal("not-configured", rooted.Json.GetProperty("days")[0].GetProperty("timestampStatus").GetString());
        var unstamped = ProofCalls.Verify(rooted.Body);
        Assert.True(unstamped.ExitCode == 1, unstamped.ToString());
        Assert.Contains("no timestamp token (not-configured)", unstamped.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_import_is_dated_when_the_person_acted_and_rooted_on_the_day_it_was_recorded()
    {
        await using var tsa = await TestTimestampAuthority.StartAsync();
        await using var app = await ProofCalls.AppAsync(tsa);
        var email = Forms.UniqueEmail("partner");
        var body = new JsonObject
        {
            ["submissionId"] = "acme-" + Guid.NewGuid().ToString("N"),
            ["subject"] = new JsonObject { ["email"] = email },
            ["form"] = new JsonObject { ["id"] = "acme-jeu-concours", ["language"] = "fr-FR" },
            // Sub-millisecond digits: the leaf, the event and the receipt all keep the millisecond.
            ["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = "2026-11-12T18:04:00.1234567Z" },
            ["consents"] = new JsonArray(new JsonObject
            {
                ["purpose"] = "marketing", ["channel"] = "email", ["checked"] = true, ["checkedByDefault"] = false,
                ["wording"] = "J'accepte de recevoir par e-mail les offres des partenaires d'Acme listés ci-dessous.",
                ["partners"] = new JsonArray("Boutique Exemple SAS"),
            }),
        };
        Assert.Equal(201, (await app.ImportAsync(body.ToJsonString())).Status);
        await ConsentFunctions.Tests.Events.EventCalls.RelayAsync(app);
        app.AdvanceTo(ProofCalls.Day1RootRun);
        await app.RootAsync();

        var answer = await app.SubjectProofAsync(email);

        var act = Assert.Single(answer.Json.GetProperty("acts").EnumerateArray());
        Assert.Equal("2026-11-12T18:04:00.123Z", act.GetProperty("time").GetString());
        Assert.Equal("2026-11-30", act.GetProperty("day").GetString());
        var verdict = ProofCalls.Verify(answer.Body, pinned: tsa);
        Assert.True(verdict.ExitCode == 0, verdict.ToString());
    }
}
