using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>
/// The sample's plain HTML form, in Chromium with JavaScript turned off. After a submit, the URL is
/// awaited with an assertion that polls it: WaitForURLAsync, when the click has already committed
/// the navigation, waits for a load state it may never see again (a 30 s timeout seen in CI).
/// </summary>
[Collection(BrowserCollection.Name)]
public class NoJavaScriptFormTests(BrowserSite site)
{
    private async Task<IPage> PageWithoutJavaScriptAsync()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseAddress.ToString(),
            Locale = "fr-FR",
            JavaScriptEnabled = false,
        });
        return await context.NewPageAsync();
    }

    [BrowserFact]
    public async Task The_form_lands_on_its_return_page_with_the_receipt_id()
    {
        var page = await PageWithoutJavaScriptAsync();
        await page.GotoAsync("/sans-javascript.html");
        await page.FillAsync("#email", $"nojs.{Guid.NewGuid():N}@example.fr");
        await page.CheckAsync("#offres-email");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/merci\.html\?receipt=[^&]+$"));
        var receiptId = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["receipt"]!;
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Merci, vos choix sont enregistrés");
        var receipt = (await site.AdminAsync(HttpMethod.Get, "/api/receipts/" + Uri.EscapeDataString(receiptId))).GetProperty("receipt");
        var consent = Assert.Single(receipt.GetProperty("consents").EnumerateArray());
        Assert.Equal("given", consent.GetProperty("status").GetString());
        Assert.Equal("newsletter-sans-js", receipt.GetProperty("form").GetProperty("id").GetString());
    }

    [BrowserFact]
    public async Task A_foreign_return_url_is_not_followed_and_the_person_sees_the_confirmation_page()
    {
        var page = await PageWithoutJavaScriptAsync();
        var foreign = 0;
        await page.RouteAsync("https://evil.example/**", route =>
        {
            foreign++;
            return route.AbortAsync();
        });
        await page.GotoAsync("/sans-javascript.html");
        // What a tampered page would hold (Playwright sets it; the page itself runs no script).
        await page.Locator("input[name=returnUrl]").EvaluateAsync("input => input.value = 'https://evil.example/phish'");
        await page.FillAsync("#email", $"foreign.{Guid.NewGuid():N}@example.fr");
        await page.CheckAsync("#offres-email");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/consents$")); // the answer page: its heading is awaited below
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Merci, vos choix sont enregistrés");
        var receiptId = await page.Locator("#receipt-id").InnerTextAsync();
        var receipt = (await site.AdminAsync(HttpMethod.Get, "/api/receipts/" + receiptId)).GetProperty("receipt");
        Assert.Equal("newsletter-sans-js", receipt.GetProperty("form").GetProperty("id").GetString());
        Assert.Equal(0, foreign);
        // The way back is the form's own page (same origin, allowed).
        Assert.EndsWith("/sans-javascript.html", await page.Locator("main a").GetAttributeAsync("href"), StringComparison.Ordinal);
        await site.ScreenshotAsync(page, "capture-confirmation");
    }

    [BrowserFact]
    public async Task An_invalid_form_shows_what_is_wrong_and_links_back()
    {
        var page = await PageWithoutJavaScriptAsync();
        await page.GotoAsync("/sans-javascript.html");
        await page.Locator("input[name='consents[0].channel']").EvaluateAsync("input => input.value = 'pigeon'");
        await page.FillAsync("#email", $"invalid.{Guid.NewGuid():N}@example.fr");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/consents$")); // the answer page: its heading is awaited below
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Le formulaire n'a pas pu être envoyé");
        await Assertions.Expect(page.Locator("ul.errors li")).ToContainTextAsync("Case 1\u00a0: canal");
        await page.Locator("main a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/sans-javascript\.html$"));
    }
}
