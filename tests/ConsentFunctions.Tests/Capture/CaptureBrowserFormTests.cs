using System.Net;
using ConsentFunctions.Capture;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

/// <summary>Forms posted by a browser without JavaScript: pages and redirects, never raw JSON, and no open redirect.</summary>
public class CaptureBrowserFormTests
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private static string Body(string email, string? returnUrl = null, string language = "fr-FR", string? url = "https://shop.example.fr/newsletter")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("subject.email", email),
            new("form.id", "newsletter-nojs"),
            new("form.language", language),
            new("consents[0].purpose", "marketing"),
            new("consents[0].channel", "email"),
            new("consents[0].wording", Forms.MarketingWording),
            new("consents[0].checked", "on"),
            new("consents[0].checkedByDefault", "false"),
        };
        if (url is not null)
        {
            fields.Add(new("form.url", url));
        }
        if (returnUrl is not null)
        {
            fields.Add(new(BrowserForm.ReturnUrlField, returnUrl));
        }
        return string.Join('&', fields.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
    }

    private static Dictionary<string, string> Browser(string? origin = TestSettings.AllowedOrigin, string acceptLanguage = "fr-FR,fr;q=0.9")
    {
        var headers = new Dictionary<string, string> { ["Accept"] = BrowserAccept, ["Accept-Language"] = acceptLanguage };
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }
        return headers;
    }

    private static Task<HttpAnswer> PostAsync(FunctionTestApp app, string body, Dictionary<string, string> headers)
        => app.CaptureAsync(body, "application/x-www-form-urlencoded", headers);

    [Fact]
    public async Task A_recorded_form_goes_back_to_its_allowed_return_url_with_the_receipt_id()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), "https://shop.example.fr/merci.html?from=footer#top"), Browser());

        Assert.Equal(303, answer.Status);
        var location = new Uri(answer.Headers.Location.ToString());
        Assert.Equal("https://shop.example.fr/merci.html", location.GetLeftPart(UriPartial.Path));
        Assert.Equal("#top", location.Fragment);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("footer", query["from"]);
        var receipt = await app.ReceiptAsync(query["receipt"]!);
        Assert.Equal(200, receipt.Status);
        Assert.Equal("given", receipt.Json.GetProperty("receipt").GetProperty("consents")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_return_path_is_read_against_the_posting_pages_origin()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), "/merci.html"), Browser());

        Assert.Equal(303, answer.Status);
        Assert.StartsWith("https://shop.example.fr/merci.html?receipt=", answer.Headers.Location.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> ReturnUrlsNotFollowed => new()
    {
        "javascript:alert(document.domain)",
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "https://shop.example.fr@evil.example/",
        "https://user@shop.example.fr/merci.html",
        "data:text/html,<script>alert(1)</script>",
        "https://shop.example.fr/" + new string('a', 2000),
        "merci.html",
    };

    [Theory]
    [MemberData(nameof(ReturnUrlsNotFollowed))]
    public async Task A_return_url_off_the_allow_list_is_never_followed_and_the_person_sees_the_confirmation(string returnUrl)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), returnUrl), Browser());

        Assert.Equal(201, answer.Status);
        Assert.Equal(0, answer.Headers.Location.Count);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", answer.Body, StringComparison.Ordinal);
        Assert.Contains("vos choix sont enregistrés", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", answer.Body, StringComparison.Ordinal);
        var receiptId = ReceiptIdOnPage(answer.Body);
        Assert.Equal(200, (await app.ReceiptAsync(receiptId)).Status);
    }

    [Fact]
    public async Task Without_a_return_url_the_confirmation_page_speaks_the_forms_language_and_links_back()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), language: "en-GB"), Browser(acceptLanguage: "fr-FR"));

        Assert.Equal(201, answer.Status);
        Assert.Contains("lang=\"en\"", answer.Body, StringComparison.Ordinal);
        Assert.Contains("your choices are recorded", answer.Body, StringComparison.Ordinal);
        Assert.Contains("marketing, email: <strong>accepted</strong>", answer.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example.fr/newsletter\"", answer.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task An_invalid_form_gets_a_page_listing_what_is_wrong_in_its_language_and_nothing_is_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = Body("pas-une-adresse", "https://shop.example.fr/merci.html").Replace("consents%5B0%5D.channel=email", "consents%5B0%5D.channel=pigeon", StringComparison.Ordinal);
        Assert.Contains("pigeon", body, StringComparison.Ordinal);
        var answer = await PostAsync(app, body, Browser());

        Assert.Equal(400, answer.Status);
        Assert.Equal(0, answer.Headers.Location.Count);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        var text = WebUtility.HtmlDecode(answer.Body);
        Assert.Contains("lang=\"fr\"", text, StringComparison.Ordinal);
        Assert.Contains("Rien n'a été enregistré", text, StringComparison.Ordinal);
        Assert.Contains("adresse e-mail</strong>\u00a0: Cette adresse e-mail n'est pas valide.", text, StringComparison.Ordinal);
        Assert.Contains("Case 1\u00a0: canal", text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example.fr/newsletter\"", text, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_form_from_an_origin_not_allowed_gets_a_page_and_nothing_is_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), "https://evil.example/"), Browser(origin: "https://evil.example"));

        Assert.Equal(403, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("n'est pas autorisé", WebUtility.HtmlDecode(answer.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("href=", answer.Body, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_multipart_form_from_a_browser_is_redirected_too()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        using var content = new MultipartFormDataContent("----boundary7");
        content.Add(new StringContent(Forms.UniqueEmail()), "subject.email");
        content.Add(new StringContent("contact-page"), "form.id");
        content.Add(new StringContent("marketing"), "consents[0].purpose");
        content.Add(new StringContent("email"), "consents[0].channel");
        content.Add(new StringContent("Je veux la lettre 📰"), "consents[0].wording");
        content.Add(new StringContent("on"), "consents[0].checked");
        content.Add(new StringContent("false"), "consents[0].checkedByDefault");
        content.Add(new StringContent("https://shop.example.fr/merci"), BrowserForm.ReturnUrlField);
        var answer = await app.CaptureAsync(await content.ReadAsByteArrayAsync(), content.Headers.ContentType!.ToString(), Browser());

        Assert.Equal(303, answer.Status);
        Assert.StartsWith("https://shop.example.fr/merci?receipt=", answer.Headers.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_form_from_a_browser_gets_a_page_and_nothing_is_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = Body(Forms.UniqueEmail(), "https://shop.example.fr/merci") + "&subject.firstName=" + new string('a', 70 * 1024);
        var answer = await PostAsync(app, body, Browser());

        Assert.Equal(413, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("trop volumineux", answer.Body, StringComparison.Ordinal);
        Assert.Equal(0, answer.Headers.Location.Count);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task Clients_that_do_not_prefer_html_still_get_json(string accept)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await PostAsync(app, Body(Forms.UniqueEmail(), "https://shop.example.fr/merci.html"),
            new Dictionary<string, string> { ["Accept"] = accept, ["Origin"] = TestSettings.AllowedOrigin });

        Assert.Equal(201, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("/api/receipts/", answer.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal(TestSettings.AllowedOrigin, answer.Headers.AccessControlAllowOrigin.ToString());
    }

    private static string ReceiptIdOnPage(string html)
    {
        const string marker = "<code id=\"receipt-id\">";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, html);
        start += marker.Length;
        return html[start..html.IndexOf('<', start)];
    }
}
