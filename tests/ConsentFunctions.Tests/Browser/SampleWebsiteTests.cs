using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>The sample website the local host serves at /: accessible, and photographed at phone and desktop widths.</summary>
[Collection(BrowserCollection.Name)]
public class SampleWebsiteTests(BrowserSite site)
{
    [BrowserFact]
    public async Task Every_sample_page_has_no_serious_accessibility_violation()
    {
        var page = await site.NewPageAsync();
        foreach (var (path, name) in new[]
        {
            ("/", "index"), ("/sans-javascript.html", "sans-javascript"), ("/offres.html", "offres"),
            ("/merci.html?receipt=01EXAMPLE", "merci"), ("/confidentialite.html", "confidentialite"),
        })
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(200, answer!.Status);
            Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
            await Accessibility.AssertNoSeriousViolationsAsync(page, path);
            await site.ScreenshotAsync(page, "site-" + name);
        }
    }

    [BrowserFact]
    public async Task The_sample_newsletter_form_records_a_receipt()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#email", $"site.{Guid.NewGuid():N}@example.fr");
        await page.CheckAsync("#offres-email");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("[data-consent-message]")).ToHaveTextAsync("Merci, vos choix sont enregistrés.");
        await site.ScreenshotAsync(page, "site-index-recorded");
    }
}
