using System.Text.Json;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>The preference centre as a person uses it: keyboard only, one box unticked, the withdrawal and its proof.</summary>
[Collection(BrowserCollection.Name)]
public class PreferencePageTests(BrowserSite site)
{
    private const string EmailWording = "J'accepte de recevoir par e-mail les offres de Boutique Exemple.";
    private const string SmsWording = "J'accepte de recevoir par SMS les offres de Boutique Exemple.";

    [BrowserFact]
    public async Task Unticking_a_box_with_the_keyboard_withdraws_that_consent_and_the_page_shows_the_wording_the_receipt_holds()
    {
        foreach (var (id, channel, wording) in new[] { ("prefs-email", "email", EmailWording), ("prefs-sms", "sms", SmsWording) })
        {
            await site.AdminAsync(HttpMethod.Post, "/api/notices", new { noticeId = id, version = "1", language = "fr-FR", purpose = "marketing", channel, wording });
        }
        var email = $"prefs.{Guid.NewGuid():N}@example.fr";
        using (var capture = await site.Server.Client.PostAsync("/api/consents", BrowserSite.JsonContent(new
        {
            subject = new { email },
            form = new { id = "newsletter-footer", url = "https://shop.example.fr/", language = "fr-FR" },
            consents = new[] { new { purpose = "marketing", channel = "email", wording = EmailWording, @checked = true, checkedByDefault = false } },
        })))
        {
            Assert.Equal(201, (int)capture.StatusCode);
        }
        Assert.Equal("consent", await site.EmailMarketingReasonOrBasisAsync(email));
        var link = await site.AdminAsync(HttpMethod.Post, "/api/preference-links", new { subject = new { email }, language = "fr" });

        var page = await site.NewPageAsync();
        await page.GotoAsync(link.GetProperty("url").GetString()!);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Vos choix de contact");
        await Assertions.Expect(page.Locator("main, body").First).ToContainTextAsync("p•••@example.fr");
        var emailBox = page.Locator("input[type=checkbox][data-channel=email][data-purpose=marketing]");
        var smsBox = page.Locator("input[type=checkbox][data-channel=sms][data-purpose=marketing]");
        await Assertions.Expect(emailBox).ToBeCheckedAsync();
        await Assertions.Expect(smsBox).Not.ToBeCheckedAsync();
        var shownWording = (await page.Locator("label[for='" + await emailBox.GetAttributeAsync("id") + "']").InnerTextAsync()).Trim();
        Assert.Equal(EmailWording, shownWording);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "preference page");
        await site.ScreenshotAsync(page, "preferences");

        // Keyboard only: Tab to the email box, Space unticks it, Tab to the button, Enter.
        for (var presses = 0; presses < 10 && !await emailBox.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(await emailBox.EvaluateAsync<bool>("e => e === document.activeElement"), "the email box never had the focus");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(emailBox).Not.ToBeCheckedAsync();
        for (var presses = 0; presses < 10 && await page.EvaluateAsync<string>("() => document.activeElement.tagName") != "BUTTON"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("Enregistrer mes choix", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Vos choix sont enregistrés");
        var change = page.Locator("#changes li[data-channel=email][data-purpose=marketing]");
        await Assertions.Expect(change).ToContainTextAsync("retiré");
        await Assertions.Expect(page.Locator("#changes li[data-channel=sms]")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "preferences saved");
        await site.ScreenshotAsync(page, "preferences-saved");

        // The decision changed at once (the page's POST goes through the capture path)...
        Assert.Equal("withdrawn", await site.EmailMarketingReasonOrBasisAsync(email));
        // ...and the receipt the page names holds exactly the wording the page showed, unticked.
        var receiptId = (await page.Locator("#receipt-id").InnerTextAsync()).Trim();
        var receipt = (await site.AdminAsync(HttpMethod.Get, "/api/receipts/" + receiptId)).GetProperty("receipt");
        Assert.Equal("preferences", receipt.GetProperty("form").GetProperty("kind").GetString());
        var consent = receipt.GetProperty("consents").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email");
        Assert.Equal(shownWording, consent.GetProperty("wording").GetString());
        Assert.False(consent.GetProperty("checked").GetBoolean());
        Assert.Equal("withdrawn", consent.GetProperty("status").GetString());
    }
}
