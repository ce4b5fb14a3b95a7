using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Decisions;

public class DecisionApiTests
{
    private static readonly DateTimeOffset Tomorrow = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task<string> CaptureAsync(FunctionTestApp app, Action<JsonObject> change)
    {
        var form = Forms.Valid(Forms.UniqueEmail());
        change(form);
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);
        return answer.Json.GetProperty("receiptId").GetString()!;
    }

    private static (bool Allowed, string? Basis, string? Reason, string? ReceiptId) Row(JsonElement decision)
        => (decision.GetProperty("allowed").GetBoolean(),
            decision.GetProperty("basis").ValueKind == JsonValueKind.Null ? null : decision.GetProperty("basis").GetString(),
            decision.TryGetProperty("reason", out var r) ? r.GetString() : null,
            decision.TryGetProperty("receiptId", out var id) ? id.GetString() : null);

    [Fact]
    public async Task A_batch_mixing_every_case_answers_each_subject_in_order()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var consented = Forms.UniqueEmail("consented");
        var consentedReceipt = await CaptureAsync(app, f => f["subject"]!["email"] = consented);
        var preTicked = Forms.UniqueEmail("preticked");
        await CaptureAsync(app, f => { f["subject"]!["email"] = preTicked; f["consents"]![0]!["checkedByDefault"] = true; });
        var withdrawn = Forms.UniqueEmail("withdrawn");
        await CaptureAsync(app, f => f["subject"]!["email"] = withdrawn);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = Email(withdrawn), ["channels"] = new JsonArray("email") }.ToJsonString())).Status);
        var customer = Forms.UniqueEmail("customer");
        await CaptureAsync(app, f => { f["subject"]!["email"] = customer; f["consents"]![0]!["checked"] = false; f["consents"]![0]!["mode"] = "opt-out"; });
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = Email(customer), ["kind"] = "purchase", ["at"] = "2026-11-01T10:00:00Z" }.ToJsonString())).Status);

        var answer = await app.DecideAsync("email", "marketing", Tomorrow,
        [
            Email("  " + consented.ToUpperInvariant() + " "), // must match its normalised twin
            Email(preTicked),
            Email(withdrawn),
            Email(customer),
            Email(Forms.UniqueEmail("stranger")),
            Email("contact@entreprise-" + Guid.NewGuid().ToString("N")[..8] + ".fr"),
        ], b => b["similarProducts"] = true);

        Assert.Equal(200, answer.Status);
        var d = answer.Json.GetProperty("decisions");
        Assert.Equal(6, d.GetArrayLength());
        Assert.Equal((true, "consent", null, consentedReceipt), Row(d[0]));
        Assert.Equal((false, null, "pre-ticked", null), Row(d[1]));
        Assert.Equal((false, null, "objection", null), Row(d[2]));
        Assert.Equal((true, "soft-opt-in", null, null), Row(d[3]));
        Assert.Equal((false, null, "unknown-subject", null), Row(d[4]));
        Assert.Equal((false, null, "unknown-subject", null), Row(d[5])); // generic, but the audience is not professional
        Assert.Equal("2029-11-30T10:00:00.000Z", d[0].GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task A_generic_business_address_of_a_professional_is_allowed_without_records()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.DecideAsync("email", "marketing", Tomorrow, [Email("Contact@Entreprise.fr")], b => b["audience"] = "professional");
        Assert.Equal((true, "generic-business-address", null, null), Row(answer.Json.GetProperty("decisions")[0]));
    }

    [Fact]
    public async Task Partner_sharing_follows_the_list_shown_on_the_form()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receipt = await CaptureAsync(app, f => { f["subject"]!["email"] = email; f["consents"]![1]!["checked"] = true; });
        var listed = await app.DecideAsync("email", "partner-sharing", Tomorrow, [Email(email)], b => b["partner"] = "Acme SAS");
        var other = await app.DecideAsync("email", "partner-sharing", Tomorrow, [Email(email)], b => b["partner"] = "Hubside");
        Assert.Equal((true, "consent", null, receipt), Row(listed.Json.GetProperty("decisions")[0]));
        Assert.Equal((false, null, "partner-not-listed", null), Row(other.Json.GetProperty("decisions")[0]));
    }

    [Fact]
    public async Task Data_from_a_partner_is_not_passed_on()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var form = Forms.Valid(email);
        form["source"] = new JsonObject { ["kind"] = "partner", ["partner"] = "Acme SAS", ["collectedAt"] = "2026-11-01T10:00:00Z" };
        form["consents"]![0]!["partners"] = new JsonArray("Boutique Exemple SAS");
        form["consents"]![1]!["checked"] = true;
        Assert.Equal(201, (await app.ImportAsync(form.ToJsonString())).Status);
        var answer = await app.DecideAsync("email", "partner-sharing", Tomorrow, [Email(email)], b => b["partner"] = "Acme SAS");
        Assert.Equal((false, null, "no-onward-transfer", null), Row(answer.Json.GetProperty("decisions")[0]));
    }

    [Fact]
    public async Task Phone_numbers_in_any_spelling_are_one_person_and_a_form_with_email_and_phone_answers_by_phone()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        const string phone = "06 12 34 56 78"; // each test app has its own tables
        await CaptureAsync(app, f =>
        {
            f["subject"]!["phone"] = phone;
            f["consents"]![1] = new JsonObject
            {
                ["purpose"] = "marketing", ["channel"] = "sms", ["wording"] = "J'accepte les offres par SMS.",
                ["checked"] = true, ["checkedByDefault"] = false,
            };
        });
        var e164 = "+336" + phone[3..].Replace(" ", "", StringComparison.Ordinal);
        var answer = await app.DecideAsync("sms", "marketing", Tomorrow, [Phone(phone), Phone(e164), Phone(phone.Replace(" ", "", StringComparison.Ordinal))]);
        foreach (var d in answer.Json.GetProperty("decisions").EnumerateArray())
        {
            Assert.Equal("consent", Row(d).Basis);
        }
    }

    [Fact]
    public async Task An_objection_made_by_email_also_stops_texts_to_the_phone_given_on_the_same_form()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        const string phone = "+33698765432";
        await CaptureAsync(app, f =>
        {
            f["subject"]!["email"] = email;
            f["subject"]!["phone"] = phone;
            f["consents"]![1] = new JsonObject
            {
                ["purpose"] = "marketing", ["channel"] = "sms", ["wording"] = "SMS ok", ["checked"] = true, ["checkedByDefault"] = false,
            };
        });
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = Email(email) }.ToJsonString())).Status);
        var answer = await app.DecideAsync("sms", "marketing", Tomorrow, [Phone(phone)]);
        Assert.Equal((false, null, "objection", null), Row(answer.Json.GetProperty("decisions")[0]));
    }

    [Fact]
    public async Task A_consent_posted_anonymously_after_an_objection_does_not_lift_it_but_one_recorded_with_the_admin_key_does()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        await CaptureAsync(app, f => f["subject"]!["email"] = email);
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.ObjectAsync(new JsonObject { ["subject"] = Email(email), ["purposes"] = new JsonArray("marketing") }.ToJsonString());
        app.Time.Advance(TimeSpan.FromDays(1));
        await CaptureAsync(app, f => f["subject"]!["email"] = email); // anyone can type someone's address
        var stillRefused = await app.DecideAsync("email", "marketing", Tomorrow.AddDays(2), [Email(email)]);
        Assert.Equal("objection", Row(stillRefused.Json.GetProperty("decisions")[0]).Reason);

        app.Time.Advance(TimeSpan.FromDays(1));
        var admin = await app.ImportAsync(Forms.Valid(email).ToJsonString());
        Assert.Equal(201, admin.Status);
        var allowed = await app.DecideAsync("email", "marketing", Tomorrow.AddDays(3), [Email(email)]);
        Assert.Equal((true, "consent", null, admin.Json.GetProperty("receiptId").GetString()), Row(allowed.Json.GetProperty("decisions")[0]));
    }

    [Fact]
    public async Task A_person_listed_several_times_is_read_once_and_answered_at_each_place()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        await CaptureAsync(app, f => f["subject"]!["email"] = email);
        var stranger = Forms.UniqueEmail("stranger");
        var roundTrips = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Storage.StorageRoundTrips>(app.Services);
        await app.DecideAsync("email", "marketing", Tomorrow, [Email(stranger)]); // the first call of the day schedules the records' sweep
        var before = roundTrips.Count;

        var answer = await app.DecideAsync("email", "marketing", Tomorrow, [Email(email), Email(stranger), Email(email.ToUpperInvariant()), Email(email)]);

        Assert.Equal(3, roundTrips.Count - before); // two reads, one write of the records
        var d = answer.Json.GetProperty("decisions");
        Assert.Equal([true, false, true, true], d.EnumerateArray().Select(x => x.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public async Task An_email_built_to_inject_a_filter_reads_nobody_else()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        await CaptureAsync(app, _ => { });
        var answer = await app.DecideAsync("email", "marketing", Tomorrow, [Email("a'or''='@x.fr")]);
        Assert.Equal("unknown-subject", Row(answer.Json.GetProperty("decisions")[0]).Reason);
    }
}
