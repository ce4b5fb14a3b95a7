using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Decisions;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>
/// The cases the legal review found, over HTTP against Azurite (RULES.md version 2): each of them
/// allowed contact before and must not now.
/// </summary>
public class RulesVersion2Tests
{
    private static DateTimeOffset Later(FunctionTestApp app) => app.Time.GetUtcNow().AddMinutes(1);

    private static async Task<JsonElement> DecisionAsync(FunctionTestApp app, string channel, string purpose, JsonObject subject, Action<JsonObject>? more = null)
    {
        var answer = await app.DecideAsync(channel, purpose, Later(app), [subject], more);
        Assert.Equal(200, answer.Status);
        return answer.Json.GetProperty("decisions")[0];
    }

    private static string? Reason(JsonElement d) => d.TryGetProperty("reason", out var r) ? r.GetString() : null;

    [Fact]
    public async Task A_person_who_consented_then_unticked_the_box_on_a_later_form_is_not_contacted()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromDays(10));
        var later = Forms.Valid(email);
        later["consents"]![0]!["checked"] = false;
        Assert.Equal(201, (await app.CaptureAsync(later.ToJsonString())).Status);

        var d = await DecisionAsync(app, "email", "marketing", Email(email));
        Assert.False(d.GetProperty("allowed").GetBoolean());
        Assert.Equal("refused", Reason(d));
        Assert.Equal(1, d.GetProperty("rule").GetInt32());
    }

    [Fact]
    public async Task A_customer_who_refused_marketing_at_checkout_gets_no_soft_opt_in_and_a_refused_transfer_by_post_holds()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var checkout = Forms.Valid(email);
        checkout["consents"]![0]!["checked"] = false;
        checkout["consents"]![1]!["channel"] = "postal"; // partner transfer by post, left unticked
        Assert.Equal(201, (await app.CaptureAsync(checkout.ToJsonString())).Status);
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = Email(email), ["kind"] = "purchase", ["at"] = "2026-11-30T10:00:00Z" }.ToJsonString())).Status);

        Assert.Equal("refused", Reason(await DecisionAsync(app, "email", "marketing", Email(email), b => b["similarProducts"] = true)));
        Assert.Equal("refused", Reason(await DecisionAsync(app, "postal", "partner-sharing", Email(email), b => b["partner"] = "Acme SAS")));
    }

    [Fact]
    public async Task An_objection_of_a_customer_outlives_three_years_while_the_data_is_used()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        foreach (var kind in new[] { "purchase", "customer-start" })
        {
            Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = Email(email), ["kind"] = kind, ["at"] = "2026-11-30T10:00:00Z" }.ToJsonString())).Status);
        }
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = Email(email) }.ToJsonString())).Status);

        // The relationship goes on (its data is kept), three years pass, the sweep runs.
        app.Time.Advance(TimeSpan.FromDays(3 * 365 + 30));
        await app.Services.GetRequiredService<RetentionSweep>().RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal("objection", Reason(await DecisionAsync(app, "postal", "marketing", Email(email))));
    }

    [Fact]
    public async Task An_objection_made_with_an_email_reaches_a_phone_linked_later()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = Email(email) }.ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromDays(1));

        // A later form gives a phone with the email, and ticks SMS offers.
        var later = Forms.Valid(email);
        later["subject"]!["phone"] = "06 12 34 56 78";
        later["consents"]![0]!["channel"] = "sms";
        Assert.Equal(201, (await app.CaptureAsync(later.ToJsonString())).Status);

        Assert.Equal("objection", Reason(await DecisionAsync(app, "sms", "marketing", Phone("+33612345678"))));
    }

    [Fact]
    public async Task A_partner_consent_posted_anonymously_is_refused_and_nothing_is_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = "2026-11-01T10:00:00Z" };
        var before = await app.CountAllRowsAsync();

        (await app.CaptureAsync(form.ToJsonString())).AssertProblem(403);
        form["source"] = new JsonObject { ["kind"] = "partner" }; // not even a valid import: still 403, not 400
        (await app.CaptureAsync(form.ToJsonString())).AssertProblem(403);
        Assert.Equal(before, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_partner_import_is_dated_by_its_collection_names_its_source_and_never_lifts_an_unsubscribe()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        Assert.Equal(202, (await Unsubscribe.UnsubscribeCalls.UnsubscribeAsync(app, "POST", await Unsubscribe.UnsubscribeCalls.TokenAsync(app, email))).Status);
        await Unsubscribe.UnsubscribeCalls.DrainAsync(app);

        var import = Forms.Valid(email);
        import["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = "2026-11-29T18:00:00Z" };
        import["consents"]![0]!["partners"] = new JsonArray("Boutique Exemple SAS");
        var imported = await app.ImportAsync(import.ToJsonString());
        Assert.Equal(201, imported.Status);
        var receipt = (await app.ReceiptAsync(imported.Json.GetProperty("receiptId").GetString()!)).Json.GetProperty("receipt");
        Assert.Equal("2026-11-29T18:00:00.000Z", receipt.GetProperty("source").GetProperty("collectedAt").GetString());

        var d = await DecisionAsync(app, "email", "marketing", Email(email));
        Assert.Equal("withdrawn", Reason(d));
        Assert.Equal("Acme SAS", d.GetProperty("sourcePartner").GetString());
    }

    [Fact]
    public async Task An_import_whose_partner_list_does_not_name_the_business_is_invalid()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var import = Forms.Valid(Forms.UniqueEmail());
        import["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = "2026-11-29T18:00:00Z" };
        import["consents"]![0]!["partners"] = new JsonArray("Quelqu'un d'autre");
        var answer = await app.ImportAsync(import.ToJsonString());
        Assert.Equal(201, answer.Status);
        Assert.Equal("controller-not-named", answer.Json.GetProperty("consents")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_preferences_form_withdraws_by_unticking_and_a_box_shown_ticked_without_consent_is_pre_ticked()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromDays(1));

        var prefs = Forms.Valid(email);
        prefs["form"]!["kind"] = "preferences";
        prefs["consents"]![0]!["checkedByDefault"] = true; // shown ticked: the consent stands
        prefs["consents"]![0]!["checked"] = false; // unticked by the person
        prefs["consents"]![1]!["checkedByDefault"] = true; // shown ticked with no consent behind it
        prefs["consents"]![1]!["checked"] = true;
        var answer = await app.CaptureAsync(prefs.ToJsonString());
        Assert.Equal(201, answer.Status);
        var boxes = answer.Json.GetProperty("consents");
        Assert.Equal("withdrawn", boxes[0].GetProperty("status").GetString());
        Assert.Equal(("invalid", "pre-ticked"), (boxes[1].GetProperty("status").GetString(), boxes[1].GetProperty("reason").GetString()));
        Assert.Equal("withdrawn", Reason(await DecisionAsync(app, "email", "marketing", Email(email))));
    }

    [Fact]
    public async Task Every_decision_is_kept_and_found_again_by_campaign_and_by_person()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receiptId = (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Json.GetProperty("receiptId").GetString()!;
        var stranger = Forms.UniqueEmail("stranger");
        var campaign = "Soldes d'hiver 2027 – " + Guid.NewGuid().ToString("N")[..6];
        var answer = await app.DecideAsync("email", "marketing", Later(app), [Email(email), Email(stranger)], b => { b["campaign"] = campaign; b["similarProducts"] = true; });
        Assert.Equal(200, answer.Status);

        var request = app.Request("GET", (byte[]?)null, null);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?campaign=" + Uri.EscapeDataString(campaign));
        var records = await FunctionTestApp.AnswerAsync(request, await app.Function<DecisionFunction>().Records(request));
        Assert.Equal(200, records.Status);
        var list = records.Json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        var mine = Assert.Single(list, r => r.GetProperty("allowed").GetBoolean());
        Assert.Equal(receiptId, mine.GetProperty("receiptId").GetString());
        Assert.Equal(8, mine.GetProperty("rule").GetInt32());
        Assert.True(mine.GetProperty("similarProducts").GetBoolean());
        Assert.Equal(campaign, mine.GetProperty("campaign").GetString());
        Assert.DoesNotContain(email, records.Body, StringComparison.OrdinalIgnoreCase); // keyed hashes only

        var exportRequest = app.Request("POST", new JsonObject { ["subject"] = Email(email) }.ToJsonString());
        var export = await FunctionTestApp.AnswerAsync(exportRequest, await app.Function<SubjectRightsFunctions>().Export(exportRequest));
        var decisions = export.Json.GetProperty("decisions");
        Assert.Equal(1, decisions.GetArrayLength());
        Assert.Equal(campaign, decisions[0].GetProperty("campaign").GetString());
    }

    [Fact]
    public async Task Rows_written_before_version_2_keep_their_meaning()
    {
        // Version 1 stored an unticked box shown ticked as "invalid/pre-ticked", with no Mode, no
        // RecordedVia and no CollectedAt columns. Version 2 reads it as the refusal it was.
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var key = app.Services.GetRequiredService<SubjectKeyHasher>().ForEmail(email);
        var table = await app.TableAsync(TableNames.Subjects);
        TableEntity V1Box(string ulid, string status, string? reason, bool isChecked, DateTimeOffset at) => new(key, $"consent|email|marketing|{ulid}|00")
        {
            ["ReceiptId"] = ulid + key, ["RecordedAt"] = at, ["Purpose"] = "marketing", ["Channel"] = "email", ["Status"] = status, ["Reason"] = reason,
            ["Checked"] = isChecked, ["CheckedByDefault"] = reason == "pre-ticked", ["Audience"] = "consumer", ["SourceKind"] = "form",
        };
        var now = app.Time.GetUtcNow();
        await table.AddEntityAsync(V1Box("01KA0000000000000000000001", "given", null, true, now.AddDays(-20)));
        await table.AddEntityAsync(V1Box("01KA0000000000000000000002", "invalid", "pre-ticked", false, now.AddDays(-10)));

        var facts = await app.Services.GetRequiredService<SubjectFactsReader>().ReadAsync(new Identifier("email", email), CancellationToken.None);
        Assert.Equal(["given", "refused"], facts.Consents.OrderBy(c => c.RecordedAt).Select(c => c.Status));
        Assert.Equal("refused", Reason(await DecisionAsync(app, "email", "marketing", Email(email))));
    }

    [Fact]
    public async Task A_suppression_duration_below_the_CNIL_minimum_stops_the_app_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Retention:SuppressionYears"] = "2" }));
        Assert.Contains("SuppressionYears", error.Message, StringComparison.Ordinal);
        await using var never = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Retention:SuppressionYears"] = "0" });
    }

    [Fact]
    public async Task Decision_records_are_swept_after_the_decision_years()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var campaign = "campagne-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(200, (await app.DecideAsync("email", "marketing", Later(app), [Email(Forms.UniqueEmail())], b => b["campaign"] = campaign)).Status);
        var records = app.Services.GetRequiredService<DecisionRecordStore>();
        Assert.Single(await records.ByCampaignAsync(campaign, 10, CancellationToken.None));

        app.Time.Advance(TimeSpan.FromDays(3 * 365 + 3));
        var summary = await app.Services.GetRequiredService<RetentionSweep>().RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(1, summary.DecisionRecordsDeleted);
        Assert.Empty(await records.ByCampaignAsync(campaign, 10, CancellationToken.None));
    }
}
