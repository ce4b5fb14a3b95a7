using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Tests.Preferences;
using ConsentFunctions.Tests.Unsubscribe;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.DoubleOptIn;

public class DoubleOptInTests
{
    private static async Task<(string Email, string ReceiptId, string Token)> PendingAsync(FunctionTestApp app, JsonObject? form = null)
    {
        var email = Forms.UniqueEmail();
        var answer = await app.CaptureAsync((form ?? DoubleOptInCalls.EmailOnly(email)).ToJsonString().Replace("EMAIL", email, StringComparison.Ordinal));
        Assert.Equal(201, answer.Status);
        var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
        var email1 = Assert.Single(await app.RelayAndTakeEmailsAsync());
        return (email, receiptId, DoubleOptInCalls.TokenOf(email1));
    }

    private static async Task<string?> ReasonAsync(FunctionTestApp app, string email, DateTimeOffset? at = null)
    {
        var answer = await app.DecideAsync("email", "marketing", at ?? app.Time.GetUtcNow().AddMinutes(1), [DecisionCalls.Email(email)]);
        var d = answer.Json.GetProperty("decisions")[0];
        return d.GetProperty("allowed").GetBoolean() ? d.GetProperty("basis").GetString() : d.GetProperty("reason").GetString();
    }

    [Fact]
    public async Task A_public_email_consent_is_pending_until_the_owner_confirms_it_from_the_email()
    {
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var email = Forms.UniqueEmail();
        var collectedAt = app.Time.GetUtcNow();
        var answer = await app.CaptureAsync(Forms.Valid(email).ToJsonString());
        Assert.Equal(201, answer.Status);
        var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
        var box = answer.Json.GetProperty("consents")[0];
        Assert.Equal("pending", box.GetProperty("status").GetString());
        Assert.Equal("double-opt-in", box.GetProperty("reason").GetString());
        Assert.Equal("refused", answer.Json.GetProperty("consents")[1].GetProperty("status").GetString()); // a refusal needs no confirmation
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));

        // The relay composes the email; the test reads it from queue confirmation-emails.
        var message = Assert.Single(await app.RelayAndTakeEmailsAsync());
        Assert.Equal("confirmation-" + receiptId, message.Id);
        Assert.Equal("confirmation", message.Kind);
        Assert.Equal([email], message.To);
        Assert.Equal("fr", message.Language);
        Assert.Contains("Boutique Exemple SAS", message.Subject, StringComparison.Ordinal);
        Assert.Contains(Forms.MarketingWording, message.Text, StringComparison.Ordinal);
        var token = DoubleOptInCalls.TokenOf(message);
        Assert.Contains("https://consent.example.fr/api/confirm?token=" + token, message.Html, StringComparison.Ordinal);
        Assert.Contains("J&#x27;accepte", message.Html, StringComparison.Ordinal); // encoded
        Assert.StartsWith("https://consent.example.fr/api/unsubscribe?token=", message.UnsubscribeUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(email, token, StringComparison.Ordinal);
        // A pending consent is no act yet: only the refusal was logged.
        Assert.Equal([ConsentEventTypes.Refused], await app.LoggedTypesAsync(receiptId));

        // GET (a mail scanner, or the person) shows one button and changes nothing.
        var rows = await app.CountAllRowsAsync();
        var page = await app.ConfirmAsync("GET", token);
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"].ToString());
        Assert.Contains("lang=\"fr\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("Boutique Exemple SAS", page.Body, StringComparison.Ordinal);
        Assert.Single(PreferenceCalls.Inputs(page.Body), i => i.Type == "hidden");
        Assert.Contains("<button type=\"submit\">Je confirme</button>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(email, page.Body, StringComparison.Ordinal);
        Assert.Equal(rows, await app.CountAllRowsAsync());
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));

        // POST confirms: given, dated at the confirmation.
        app.Time.Advance(TimeSpan.FromHours(3));
        var confirmedAt = app.Time.GetUtcNow();
        var done = await app.ConfirmAsync("POST", token);
        Assert.Equal(200, done.Status);
        Assert.Contains("Inscription confirmée", done.Body, StringComparison.Ordinal);
        Assert.Equal("consent", await ReasonAsync(app, email));
        // Not before it was confirmed: a decision asked for an earlier instant does not see it.
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email, confirmedAt.AddMinutes(-1)));

        // The receipt keeps both moments: collected (its proof, unchanged) and confirmed (beside it).
        var proof = (await app.ReceiptAsync(receiptId)).Json;
        Assert.True(proof.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(collectedAt, proof.GetProperty("receipt").GetProperty("recordedAt").GetDateTimeOffset());
        Assert.Equal("pending", proof.GetProperty("receipt").GetProperty("consents")[0].GetProperty("status").GetString());
        var confirmation = proof.GetProperty("confirmation");
        Assert.Equal(confirmedAt, confirmation.GetProperty("confirmedAt").GetDateTimeOffset());
        Assert.Equal([0], confirmation.GetProperty("boxes").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal("203.0.113.0/24", confirmation.GetProperty("context").GetProperty("clientAddress").GetString());
        var facts = await app.Services.GetRequiredService<SubjectFactsReader>().ReadAsync(new Identifier("email", email), CancellationToken.None);
        var fact = Assert.Single(facts.Consents, c => c.Purpose == "marketing");
        Assert.Equal(("given", collectedAt, confirmedAt), (fact.Status, fact.RecordedAt, fact.ConfirmedAt!.Value));
        Assert.Equal(confirmedAt, fact.ActAt);

        // The confirmation is an act: its event goes out.
        await app.RelayAndTakeEmailsAsync();
        Assert.Equal([ConsentEventTypes.Confirmation, ConsentEventTypes.Refused], (await app.LoggedTypesAsync(receiptId)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_pending_capture_makes_no_more_storage_round_trips_than_any_other()
    {
        // The person's transaction (with the outbox row that carries the confirmation request and the retention index entries), the outbox message.
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var trips = app.Services.GetRequiredService<StorageRoundTrips>();
        Assert.Equal(201, (await app.CaptureAsync(DoubleOptInCalls.EmailOnly(Forms.UniqueEmail()).ToJsonString())).Status); // tables and queues created
        async Task<long> TripsAsync(JsonObject form)
        {
            var before = trips.Count;
            Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
            return trips.Count - before;
        }
        var sms = DoubleOptInCalls.EmailOnly(Forms.UniqueEmail());
        sms["consents"]![0]!["channel"] = "sms";
        sms["subject"]!["phone"] = "+33612345678";
        sms["subject"]!.AsObject().Remove("email");
        Assert.Equal(2, await TripsAsync(DoubleOptInCalls.EmailOnly(Forms.UniqueEmail())));
        Assert.Equal(2, await TripsAsync(sms));
    }

    [Fact]
    public async Task Confirming_twice_answers_the_same_page_and_makes_one_act()
    {
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var (email, receiptId, token) = await PendingAsync(app);

        var first = await app.ConfirmAsync("POST", token);
        var rows = await app.CountAllRowsAsync();
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await app.ConfirmAsync("POST", token);
        var again = await app.ConfirmAsync("GET", token);

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(rows, await app.CountAllRowsAsync());
        await app.RelayAndTakeEmailsAsync();
        Assert.Equal([ConsentEventTypes.Confirmation], await app.LoggedTypesAsync(receiptId));
        var confirmation = (await app.ReceiptAsync(receiptId)).Json.GetProperty("confirmation");
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(-5), confirmation.GetProperty("confirmedAt").GetDateTimeOffset());
        Assert.Equal("consent", await ReasonAsync(app, email));
    }

    [Fact]
    public async Task An_unconfirmed_consent_expires_and_the_retention_sweep_removes_it_when_due()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["DoubleOptIn:Channels"] = "email", ["DoubleOptIn:ExpiryDays"] = "3" });
        var (email, receiptId, token) = await PendingAsync(app);
        var key = app.Services.GetRequiredService<SubjectKeyHasher>().ForEmail(email);
        var sweep = app.Services.GetRequiredService<RetentionSweep>();

        // Not due yet: the sweep reads nothing of it.
        app.Time.Advance(TimeSpan.FromDays(2));
        var early = await sweep.RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(0, early.Candidates);
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));

        app.Time.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        Assert.Equal("no-consent", await ReasonAsync(app, email)); // expired: it counts for nothing
        var rows = await app.CountAllRowsAsync();
        var late = await app.ConfirmAsync("POST", token);
        Assert.Equal(400, late.Status);
        Assert.Contains("Lien non valide", late.Body, StringComparison.Ordinal);
        Assert.Equal(rows, await app.CountAllRowsAsync());

        var due = await sweep.RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(1, due.Candidates);
        Assert.Equal(1, due.SubjectsDeleted);
        var subjects = await app.TableAsync(TableNames.Subjects);
        var left = new List<string>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}")))
        {
            left.Add(row.RowKey);
        }
        Assert.Empty(left); // nothing else was known of the address: as if the form had never been sent
        Assert.Equal(404, (await app.ReceiptAsync(receiptId)).Status);
        Assert.Equal("unknown-subject", await ReasonAsync(app, email));
    }

    [Fact]
    public async Task A_public_consent_after_an_unsubscribe_is_sent_for_confirmation_and_once_confirmed_lifts_it()
    {
        // Double opt-in is off: re-permission needs the owner's confirmation whatever the setting.
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(DoubleOptInCalls.EmailOnly(email).ToJsonString())).Status);
        Assert.Empty(await app.RelayAndTakeEmailsAsync()); // nothing to confirm
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(email))).Status);
        await app.DrainAsync();
        app.Time.Advance(TimeSpan.FromDays(1));

        var again = await app.CaptureAsync(DoubleOptInCalls.EmailOnly(email, "en-GB").ToJsonString());
        Assert.Equal(201, again.Status);
        var receiptId = again.Json.GetProperty("receiptId").GetString()!;
        var message = Assert.Single(await app.RelayAndTakeEmailsAsync());
        Assert.Equal("en", message.Language);
        Assert.Contains("confirm", message.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));
        var facts = await app.Services.GetRequiredService<SubjectFactsReader>().ReadAsync(new Identifier("email", email), CancellationToken.None);
        var pending = Assert.Single(facts.Consents, c => c.ReceiptId == receiptId);
        Assert.Equal(("pending", "re-permission"), (pending.Status, pending.Reason));
        Assert.Empty(await app.LoggedTypesAsync(receiptId)); // no "given" event for a consent that does not count

        var page = await app.ConfirmAsync("GET", DoubleOptInCalls.TokenOf(message));
        Assert.Contains("lang=\"en\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await app.ConfirmAsync("POST", DoubleOptInCalls.TokenOf(message))).Status);
        Assert.Equal("consent", await ReasonAsync(app, email));
    }

    [Fact]
    public async Task A_public_consent_after_an_objection_waits_for_its_confirmation_and_an_unconfirmed_one_never_lifts_it()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var objection = new JsonObject { ["subject"] = DecisionCalls.Email(email), ["channels"] = new JsonArray("email"), ["purposes"] = new JsonArray("marketing") };
        Assert.Equal(201, (await app.CaptureAsync(DoubleOptInCalls.EmailOnly(email).ToJsonString())).Status);
        Assert.Empty(await app.RelayAndTakeEmailsAsync());
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await app.ObjectAsync(objection.ToJsonString())).Status is 200 or 201);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(201, (await app.CaptureAsync(DoubleOptInCalls.EmailOnly(email).ToJsonString())).Status);
        Assert.Single(await app.RelayAndTakeEmailsAsync());
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));

        app.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal("objection", await ReasonAsync(app, email)); // expired: the objection stands
    }

    [Fact]
    public async Task A_partner_import_or_an_admin_consent_is_never_pending()
    {
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var email = Forms.UniqueEmail();
        var imported = await app.ImportAsync(DoubleOptInCalls.EmailOnly(email).ToJsonString());
        Assert.Equal(201, imported.Status);
        Assert.Equal("given", imported.Json.GetProperty("consents")[0].GetProperty("status").GetString());
        Assert.Empty(await app.RelayAndTakeEmailsAsync());
        Assert.Equal("consent", await ReasonAsync(app, email));
    }

    [Fact]
    public async Task An_expired_tampered_or_other_kind_of_token_gets_a_400_and_changes_nothing()
    {
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        await app.RegisterPreferenceNoticesAsync();
        var (email, _, token) = await PendingAsync(app);
        var unsubscribe = await app.TokenAsync(email);
        var preferences = await app.PreferenceTokenAsync(email);
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var rows = await app.CountAllRowsAsync();

        foreach (var bad in new[] { tampered, unsubscribe, preferences, "", "not-a-token", token + "." })
        {
            foreach (var method in new[] { "GET", "POST" })
            {
                var page = await app.ConfirmAsync(method, bad);
                Assert.Equal(400, page.Status);
                Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
                Assert.Contains("Lien non valide", page.Body, StringComparison.Ordinal);
                (await app.ConfirmAsync(method, bad, browser: false)).AssertProblem(400);
            }
        }
        // A confirmation token opens no other kind of page.
        Assert.Equal(400, (await app.UnsubscribeAsync("POST", token)).Status);
        Assert.Equal(400, (await app.PreferencesAsync("GET", token)).Status);
        // The right token with a body that is not the page's form.
        (await app.ConfirmAsync("POST", token, browser: false, body: "{}", contentType: "application/json")).AssertProblem(415);
        Assert.Equal(rows, await app.CountAllRowsAsync());
        Assert.Equal("pending-confirmation", await ReasonAsync(app, email));
    }

    [Fact]
    public async Task A_confirmation_link_for_an_erased_person_gets_a_404_page_naming_no_one()
    {
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var (email, _, token) = await PendingAsync(app);
        var erase = app.Request("POST", new JsonObject { ["subject"] = DecisionCalls.Email(email) }.ToJsonString());
        Assert.Equal(200, (await FunctionTestApp.AnswerAsync(erase, await app.Function<ConsentFunctions.Subjects.SubjectRightsFunctions>().Erase(erase))).Status);

        var page = await app.ConfirmAsync("POST", token);
        Assert.Equal(404, page.Status);
        Assert.DoesNotContain(email.Split('@')[0], page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_written_before_double_opt_in_read_as_before()
    {
        // The previous version wrote no ConfirmBy or ConfirmedAt column; such rows mean what they meant.
        await using var app = await FunctionTestApp.CreateAsync(DoubleOptInCalls.On);
        var email = Forms.UniqueEmail();
        var key = app.Services.GetRequiredService<SubjectKeyHasher>().ForEmail(email);
        var table = await app.TableAsync(TableNames.Subjects);
        var now = app.Time.GetUtcNow();
        TableEntity Box(string ulid, string status, DateTimeOffset at) => new(key, $"consent|email|marketing|{ulid}|00")
        {
            ["ReceiptId"] = ulid + key, ["RecordedAt"] = at, ["RecordedVia"] = "public", ["Mode"] = "opt-in", ["Purpose"] = "marketing", ["Channel"] = "email",
            ["Status"] = status, ["Checked"] = status == "given", ["CheckedByDefault"] = false, ["Audience"] = "consumer", ["SourceKind"] = "form",
        };
        await table.AddEntityAsync(Box("01KA0000000000000000000001", "given", now.AddDays(-20)));
        var facts = await app.Services.GetRequiredService<SubjectFactsReader>().ReadAsync(new Identifier("email", email), CancellationToken.None);
        var fact = Assert.Single(facts.Consents);
        Assert.Equal(("given", (DateTimeOffset?)null, (DateTimeOffset?)null, now.AddDays(-20)), (fact.Status, fact.ConfirmBy, fact.ConfirmedAt, fact.ActAt));
        Assert.Equal("consent", await ReasonAsync(app, email));

        // An old public consent after an unsubscribe stays what it was: held back, not pending.
        await app.Services.GetRequiredService<SuppressionWriter>().WriteAsync([key],
            [new SuppressionFact(SuppressionFact.Unsubscribe, "email", "marketing", now.AddDays(-10))], "legacy-unsubscribe", CancellationToken.None);
        await table.AddEntityAsync(Box("01KA0000000000000000000002", "given", now.AddDays(-5)));
        Assert.Equal("withdrawn", await ReasonAsync(app, email));
    }

    [Theory]
    [InlineData("DoubleOptIn:Channels", "sms", "DoubleOptIn:Channels")]
    [InlineData("DoubleOptIn:Channels", "email,fax", "DoubleOptIn:Channels")]
    [InlineData("DoubleOptIn:ExpiryDays", "0", "DoubleOptIn:ExpiryDays")]
    [InlineData("DoubleOptIn:ExpiryDays", "91", "DoubleOptIn:ExpiryDays")]
    [InlineData("Rules:ControllerNames", "", "Rules:ControllerNames")]
    public async Task Bad_double_opt_in_settings_stop_the_app_at_start(string name, string value, string named)
    {
        var settings = DoubleOptInCalls.On;
        settings[name] = value;
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => FunctionTestApp.CreateAsync(settings));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
