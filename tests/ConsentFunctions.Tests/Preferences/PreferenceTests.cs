using System.Text.Json.Nodes;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Tests.Unsubscribe;

namespace ConsentFunctions.Tests.Preferences;

public class PreferenceTests
{
    private static async Task<string> ConsentedAsync(FunctionTestApp app)
    {
        await app.RegisterPreferenceNoticesAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        return email;
    }

    [Fact]
    public async Task The_link_is_built_on_the_configured_base_url_never_the_request_host_and_names_no_one()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CreatePreferenceLinkAsync(new JsonObject { ["email"] = "jeanne@example.fr" }, "en",
            new Dictionary<string, string> { ["Host"] = "phishing.example", ["X-Forwarded-Host"] = "phishing.example" });
        Assert.Equal(200, answer.Status);
        var url = answer.Json.GetProperty("url").GetString()!;
        Assert.StartsWith("https://consent.example.fr/api/preferences?token=", url, StringComparison.Ordinal);
        Assert.DoesNotContain("jeanne", url, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{}", "subject")]
    [InlineData("{\"subject\":{\"email\":\"not-an-address\"}}", "subject.email")]
    [InlineData("{\"subject\":{\"email\":\"jeanne@example.fr\"},\"language\":\"de\"}", "language")]
    public async Task A_bad_link_request_is_refused(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var request = app.Request("POST", body);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<ConsentFunctions.Preferences.PreferenceLinkFunction>().Run(request));
        answer.AssertProblem(400, path);
    }

    [Fact]
    public async Task The_page_shows_the_registered_wordings_the_current_consents_ticked_the_address_masked_and_changes_nothing()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email, "fr");
        var before = await app.CountAllRowsAsync();

        var page = await app.PreferencesAsync("GET", token);

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"].ToString());
        Assert.Contains("lang=\"fr\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("j•••@example.fr", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(email, page.Body, StringComparison.Ordinal);
        var boxes = PreferenceCalls.Inputs(page.Body).Where(i => i.Type == "checkbox").ToList();
        Assert.Equal(["prefs-email@1", "prefs-sms@1"], boxes.Select(b => b.Value));
        Assert.True(boxes[0].Checked);
        Assert.False(boxes[1].Checked);
        // Each box's label is the registered wording, encoded (the apostrophe is written as an entity or as is).
        Assert.Contains(">" + System.Net.WebUtility.HtmlEncode(PreferenceCalls.EmailWording).Replace("&#39;", "'", StringComparison.Ordinal) + "</label>",
            page.Body.Replace("&#39;", "'", StringComparison.Ordinal).Replace("&#x27;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        // Partner sharing was shown on the form, but no notice is registered for it: not on the page.
        Assert.DoesNotContain("partenaires", page.Body, StringComparison.Ordinal);

        Assert.Equal(before, await app.CountAllRowsAsync());
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task Unticking_withdraws_ticking_consents_and_the_receipt_holds_the_wording_shown()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email, "en");
        var page = await app.PreferencesAsync("GET", token);

        var saved = await app.PreferencesAsync("POST", token, PreferenceCalls.Submit(page.Body, "prefs-email@1", "prefs-sms@1"));

        Assert.Equal(201, saved.Status);
        Assert.Contains("lang=\"en\"", saved.Body, StringComparison.Ordinal);
        Assert.Contains("withdrawn", saved.Body, StringComparison.Ordinal);
        Assert.Contains("accepted", saved.Body, StringComparison.Ordinal);
        Assert.Equal("withdrawn", await DecisionCalls.EmailMarketingReasonAsync(app, email));

        var receiptId = System.Text.RegularExpressions.Regex.Match(saved.Body, "id=\"receipt-id\">([^<]+)<").Groups[1].Value;
        var receipt = (await app.ReceiptAsync(receiptId)).Json.GetProperty("receipt");
        Assert.Equal("preferences", receipt.GetProperty("form").GetProperty("kind").GetString());
        Assert.Equal("public", receipt.GetProperty("recordedVia").GetString());
        var consents = receipt.GetProperty("consents").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        Assert.Equal(PreferenceCalls.EmailWording, consents["email"].GetProperty("wording").GetString());
        Assert.True(consents["email"].GetProperty("checkedByDefault").GetBoolean());
        Assert.False(consents["email"].GetProperty("checked").GetBoolean());
        Assert.Equal("withdrawn", consents["email"].GetProperty("status").GetString());
        Assert.Equal(PreferenceCalls.SmsWording, consents["sms"].GetProperty("wording").GetString());
        Assert.False(consents["sms"].GetProperty("checkedByDefault").GetBoolean());
        Assert.Equal("given", consents["sms"].GetProperty("status").GetString());

        // The next page shows the choices as they now stand.
        var next = PreferenceCalls.Inputs((await app.PreferencesAsync("GET", token)).Body).Where(i => i.Type == "checkbox").ToList();
        Assert.False(next[0].Checked);
        Assert.True(next[1].Checked);
    }

    [Fact]
    public async Task Sending_the_same_page_twice_records_it_once()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email);
        var body = PreferenceCalls.Submit((await app.PreferencesAsync("GET", token)).Body, "prefs-email@1");

        Assert.Equal(201, (await app.PreferencesAsync("POST", token, body)).Status);
        var rows = await app.CountAllRowsAsync();
        Assert.Equal(200, (await app.PreferencesAsync("POST", token, body)).Status);
        Assert.Equal(rows, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_expired_tampered_or_other_kind_of_link_gets_a_400_page_and_changes_nothing()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email, "fr");
        var body = PreferenceCalls.Submit((await app.PreferencesAsync("GET", token)).Body, "prefs-email@1");
        var unsubscribe = await app.TokenAsync(email);
        var before = await app.CountAllRowsAsync();
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        foreach (var bad in new[] { tampered, unsubscribe, "", "not-a-token" })
        {
            foreach (var method in new[] { "GET", "POST" })
            {
                var answer = await app.PreferencesAsync(method, bad, method == "POST" ? body : null);
                Assert.Equal(400, answer.Status);
                Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
                Assert.Contains("Lien non valide", answer.Body, StringComparison.Ordinal);
            }
        }
        // The preference token opens no unsubscribe page either.
        Assert.Equal(400, (await app.UnsubscribeAsync("GET", token, body: null)).Status);
        Assert.Equal(400, (await app.UnsubscribeAsync("POST", token)).Status);
        Assert.Equal(0, await app.QueuedAsync());

        // Links:PreferenceDays (30 by default): the day after, the link no longer opens.
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(400, (await app.PreferencesAsync("GET", token)).Status);
        Assert.Equal(400, (await app.PreferencesAsync("POST", token, body)).Status);
        var json = await app.PreferencesAsync("POST", token, body, accept: "application/json");
        json.AssertProblem(400);

        Assert.Equal(before, await app.CountAllRowsAsync());
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task A_link_still_opens_the_day_before_it_expires()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Links:PreferenceDays"] = "2" });
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email);
        app.Time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await app.PreferencesAsync("GET", token)).Status);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(400, (await app.PreferencesAsync("GET", token)).Status);
    }

    [Theory]
    [InlineData("choice=prefs-other%401")]             // a box the page did not show
    [InlineData("shown=prefs-other%401%7C0&choice=prefs-other%401")] // a notice that is not registered
    [InlineData("choice=prefs-email%401&choice=prefs-email%401")]    // the same box twice
    [InlineData("shown=prefs-email%401%7C1")]            // the same shown box twice
    [InlineData("extra=1")]                              // a field the page has not
    public async Task A_submission_with_a_box_the_page_did_not_show_gets_a_400_and_stores_nothing(string added)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email);
        var body = PreferenceCalls.Submit((await app.PreferencesAsync("GET", token)).Body, "prefs-email@1") + "&" + added;
        var before = await app.CountAllRowsAsync();

        var answer = await app.PreferencesAsync("POST", token, body);
        Assert.Equal(400, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        (await app.PreferencesAsync("POST", token, body, accept: "application/json")).AssertProblem(400);

        Assert.Equal(before, await app.CountAllRowsAsync());
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task A_notice_for_a_pair_of_another_shown_box_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        // A second version for marketing/email: the page shows one box for the pair, never both.
        var v2 = new JsonObject
        {
            ["noticeId"] = "prefs-email", ["version"] = "2", ["language"] = "fr-FR", ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = "Autre texte.",
        };
        Assert.Equal(201, (await app.RegisterNoticeAsync(v2.ToJsonString())).Status);
        var token = await app.PreferenceTokenAsync(email);
        var page = (await app.PreferencesAsync("GET", token)).Body;
        Assert.Single(PreferenceCalls.Inputs(page), i => i.Type == "checkbox" && i.Value.StartsWith("prefs-email@", StringComparison.Ordinal));
        var before = await app.CountAllRowsAsync();

        var answer = await app.PreferencesAsync("POST", token, PreferenceCalls.Submit(page) + "&shown=prefs-email%401%7C1");
        Assert.Equal(400, answer.Status);
        Assert.Equal(before, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task The_page_of_an_erased_person_is_a_404_that_names_nothing_about_them()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.PreferenceTokenAsync(email);
        var body = PreferenceCalls.Submit((await app.PreferencesAsync("GET", token)).Body, "prefs-email@1");
        var request = app.Request("POST", new JsonObject { ["subject"] = DecisionCalls.Email(email) }.ToJsonString());
        Assert.Equal(200, (await FunctionTestApp.AnswerAsync(request, await app.Function<SubjectRightsFunctions>().Erase(request))).Status);
        var before = await app.CountAllRowsAsync();

        foreach (var answer in new[] { await app.PreferencesAsync("GET", token), await app.PreferencesAsync("POST", token, body) })
        {
            Assert.Equal(404, answer.Status);
            Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
            Assert.DoesNotContain("@", answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("jeanne", answer.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("•••", answer.Body, StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.CountAllRowsAsync());
        // A person never known gets the same page.
        Assert.Equal(404, (await app.PreferencesAsync("GET", await app.PreferenceTokenAsync(Forms.UniqueEmail()))).Status);
    }
}
