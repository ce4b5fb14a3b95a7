using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

public class CaptureTests
{
    [Fact]
    public async Task A_posted_form_gets_a_receipt_that_holds_the_exact_proof()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var answer = await app.CaptureAsync(Forms.Valid(email).ToJsonString(), headers: new Dictionary<string, string>
        {
            ["User-Agent"] = "Mozilla/5.0 (test)",
            ["Referer"] = "https://shop.example.fr/",
            ["X-Forwarded-For"] = "6.6.6.6", // a client's claim: the connection's address is recorded
        });

        Assert.Equal(201, answer.Status);
        var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
        Assert.Equal("/api/receipts/" + receiptId, answer.Headers.Location.ToString());
        Assert.Equal("2026-11-30T10:00:00.000Z", answer.Json.GetProperty("recordedAt").GetString());
        var consents = answer.Json.GetProperty("consents");
        Assert.Equal("given", consents[0].GetProperty("status").GetString());
        Assert.Equal("refused", consents[1].GetProperty("status").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Forms.MarketingWording))),
            consents[0].GetProperty("wordingSha256").GetString());

        var proof = (await app.ReceiptAsync(receiptId)).Json;
        var receipt = proof.GetProperty("receipt");
        Assert.Equal(email, receipt.GetProperty("subject").GetProperty("email").GetString());
        Assert.Equal("2026-11-30T10:00:00.000Z", receipt.GetProperty("recordedAt").GetString());
        Assert.Equal("newsletter-footer", receipt.GetProperty("form").GetProperty("id").GetString());
        var first = receipt.GetProperty("consents")[0];
        Assert.Equal(Forms.MarketingWording, first.GetProperty("wording").GetString());
        Assert.True(first.GetProperty("checked").GetBoolean());
        Assert.False(first.GetProperty("checkedByDefault").GetBoolean());
        var second = receipt.GetProperty("consents")[1];
        Assert.Equal(["Acme SAS", "Librairie Dupont SARL"], second.GetProperty("partners").EnumerateArray().Select(p => p.GetString()!));
        var context = receipt.GetProperty("context");
        Assert.Equal("203.0.113.0/24", context.GetProperty("clientAddress").GetString());
        Assert.Equal("Mozilla/5.0 (test)", context.GetProperty("userAgent").GetString());
        Assert.Equal("https://shop.example.fr/", context.GetProperty("referer").GetString());
        Assert.True(proof.GetProperty("integrity").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_submission_is_one_receipt_row_one_fact_per_box_and_the_profile()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        Assert.Equal(201, answer.Status);
        var subjects = await app.TableAsync(TableNames.Subjects);
        var rows = new List<string>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }
        Assert.Equal(5, rows.Count);
        Assert.Single(rows, r => r.StartsWith("receipt|", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith("relay|", StringComparison.Ordinal)); // its consent events, until relayed
        Assert.Equal(2, rows.Count(r => r.StartsWith("consent|", StringComparison.Ordinal)));
        Assert.Single(rows, r => r == "profile");
        Assert.Single(rows, r => r.StartsWith("consent|email|marketing|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_box_ticked_by_default_is_stored_as_invalid_and_never_as_given()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["consents"]![0]!["checkedByDefault"] = true;
        var answer = await app.CaptureAsync(form.ToJsonString());

        Assert.Equal(201, answer.Status);
        var consent = answer.Json.GetProperty("consents")[0];
        Assert.Equal("invalid", consent.GetProperty("status").GetString());
        Assert.Equal("pre-ticked", consent.GetProperty("reason").GetString());
        var stored = (await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!)).Json.GetProperty("receipt").GetProperty("consents")[0];
        Assert.Equal("invalid", stored.GetProperty("status").GetString());
        Assert.True(stored.GetProperty("checkedByDefault").GetBoolean());
    }

    [Fact]
    public async Task A_wording_of_40000_characters_is_kept_whole()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        // Emoji straddle the storage chunk boundaries: a surrogate pair must never be split.
        var wording = string.Concat(Enumerable.Repeat("Offres 🎁 ", 4_000))[..40_000];
        var form = Forms.Valid(Forms.UniqueEmail());
        form["consents"]![0]!["wording"] = wording;
        // Sent as raw UTF-8 (not \uXXXX escapes) so that the body stays within 64 KiB.
        var answer = await app.CaptureAsync(form.ToJsonString(Core.Json.JsonDefaults.Options));

        Assert.Equal(201, answer.Status);
        var stored = (await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!)).Json;
        Assert.Equal(wording, stored.GetProperty("receipt").GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.True(stored.GetProperty("integrity").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Unicode_wording_with_combining_characters_and_emoji_comes_back_byte_identical()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        const string wording = "J'accepte e\u0301 les offres 👩🏽‍💻 de Boutique \u00c9xemple\u00a0!\r\n\t— 日本語";
        var form = Forms.Valid(Forms.UniqueEmail());
        form["consents"]![0]!["wording"] = wording;
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);

        var raw = await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!);
        var returned = raw.Json.GetProperty("receipt").GetProperty("consents")[0].GetProperty("wording").GetString()!;
        Assert.Equal(Encoding.UTF8.GetBytes(wording), Encoding.UTF8.GetBytes(returned));
        // Not even escaped on the wire: the emoji's own UTF-8 bytes are in the body.
        Assert.Contains("👩🏽‍💻", raw.Body, StringComparison.Ordinal);
        Assert.Contains("e\u0301", raw.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_html_form_posted_urlencoded_is_recorded_like_json()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var body = string.Join('&', new Dictionary<string, string>
        {
            ["subject.email"] = email,
            ["form.id"] = "newsletter-footer",
            ["consents[0].purpose"] = "marketing",
            ["consents[0].channel"] = "email",
            ["consents[0].wording"] = Forms.MarketingWording,
            ["consents[0].checked"] = "on",
            ["consents[0].checkedByDefault"] = "false",
            ["consents[1].purpose"] = "marketing",
            ["consents[1].channel"] = "sms",
            ["consents[1].wording"] = "J'accepte les SMS",
            ["consents[1].checkedByDefault"] = "false", // unticked box: not sent by the browser
        }.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        var answer = await app.CaptureAsync(body, "application/x-www-form-urlencoded");

        Assert.Equal(201, answer.Status);
        Assert.Equal("given", answer.Json.GetProperty("consents")[0].GetProperty("status").GetString());
        Assert.Equal("refused", answer.Json.GetProperty("consents")[1].GetProperty("status").GetString());
        var receipt = (await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!)).Json.GetProperty("receipt");
        Assert.Equal(Forms.MarketingWording, receipt.GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.Equal("application/x-www-form-urlencoded", receipt.GetProperty("context").GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_multipart_form_is_recorded()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        using var content = new MultipartFormDataContent("----boundary42");
        content.Add(new StringContent(Forms.UniqueEmail()), "subject.email");
        content.Add(new StringContent("contact-page"), "form.id");
        content.Add(new StringContent("marketing"), "consents[0].purpose");
        content.Add(new StringContent("email"), "consents[0].channel");
        content.Add(new StringContent("Je veux la lettre d'information 📰"), "consents[0].wording");
        content.Add(new StringContent("true"), "consents[0].checked");
        content.Add(new StringContent("false"), "consents[0].checkedByDefault");
        var bytes = await content.ReadAsByteArrayAsync();
        var answer = await app.CaptureAsync(bytes, content.Headers.ContentType!.ToString());

        Assert.Equal(201, answer.Status);
        var receipt = (await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!)).Json.GetProperty("receipt");
        Assert.Equal("Je veux la lettre d'information 📰", receipt.GetProperty("consents")[0].GetProperty("wording").GetString());
    }

    [Fact]
    public async Task An_email_built_to_inject_an_odata_filter_is_just_an_email()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var victim = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail("victim")).ToJsonString());
        Assert.Equal(201, victim.Status);

        var answer = await app.CaptureAsync(Forms.Valid("a'or''='@x.fr").ToJsonString());
        Assert.Equal(201, answer.Status);
        var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
        var receipt = (await app.ReceiptAsync(receiptId)).Json.GetProperty("receipt");
        Assert.Equal("a'or''='@x.fr", receipt.GetProperty("subject").GetProperty("email").GetString());

        // Its partition holds its own rows only: the victim's receipt is elsewhere.
        var subjects = await app.TableAsync(TableNames.Subjects);
        var partition = receiptId[26..];
        var rows = new List<TableEntity>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }
        Assert.Equal(5, rows.Count); // receipt, two boxes, profile, and the outbox row of its events
        Assert.DoesNotContain(rows, r => r.GetString("ReceiptId") == victim.Json.GetProperty("receiptId").GetString());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_never_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["socialSecurityNumber"] = "1 80 01 75 123 456 78";
        form["subject"]!["birthDate"] = "1980-01-01";
        form["consents"]![0]!["trackingId"] = "tracking-XYZ-123";
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);

        var subjects = await app.TableAsync(TableNames.Subjects);
        await foreach (var row in subjects.QueryAsync<TableEntity>())
        {
            var text = JsonSerializer.Serialize(row.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
            Assert.DoesNotContain("1 80 01 75", text, StringComparison.Ordinal);
            Assert.DoesNotContain("1980-01-01", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tracking-XYZ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_consent_may_name_a_registered_notice_instead_of_sending_the_text()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var notice = new JsonObject
        {
            ["noticeId"] = "newsletter", ["version"] = "3", ["language"] = "fr-FR",
            ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = Forms.MarketingWording,
        };
        Assert.Equal(201, (await app.RegisterNoticeAsync(notice.ToJsonString())).Status);

        var form = Forms.Valid(Forms.UniqueEmail());
        var box = form["consents"]![0]!.AsObject();
        box.Remove("wording");
        box["noticeId"] = "newsletter";
        box["noticeVersion"] = "3";
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);
        var stored = (await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!)).Json.GetProperty("receipt").GetProperty("consents")[0];
        Assert.Equal(Forms.MarketingWording, stored.GetProperty("wording").GetString());
        Assert.Equal("notice", stored.GetProperty("wordingSource").GetString());
        Assert.True(stored.GetProperty("wordingMatchesNotice").GetBoolean());
        Assert.Equal("given", stored.GetProperty("status").GetString());

        // The form showed another text than the registered version: recorded as a mismatch.
        box["wording"] = Forms.MarketingWording + " (modifié)";
        var mismatch = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, mismatch.Status);
        Assert.False(mismatch.Json.GetProperty("consents")[0].GetProperty("wordingMatchesNotice").GetBoolean());
    }
}
