using System.Text.Json;
using ConsentFunctions.Core.DoubleOptIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>
/// The confirmation page of a re-permission as a person uses it: someone who unsubscribed signs up
/// again on the website; the consent waits for the address's owner, who confirms with the keyboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ConfirmationPageTests(BrowserSite site)
{
    private const string Wording = "J'accepte de recevoir par e-mail les offres de Boutique Exemple.";

    [BrowserFact]
    public async Task A_person_who_unsubscribed_signs_up_again_and_confirms_from_the_link_with_the_keyboard()
    {
        var email = $"again.{Guid.NewGuid():N}@example.fr";
        await CaptureAsync(email);
        Assert.Equal("consent", await site.EmailMarketingReasonOrBasisAsync(email));

        var unsubscribe = await site.AdminAsync(HttpMethod.Post, "/api/unsubscribe-links", new { subject = new { email }, channel = "email", purpose = "marketing" });
        using (var click = await site.Server.Client.PostAsync(new Uri(unsubscribe.GetProperty("url").GetString()!).PathAndQuery,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(202, (int)click.StatusCode);
        }
        await UntilAsync(email, "withdrawn");

        // A public consent cannot lift the withdrawal: once the relay has seen it, it waits for confirmation.
        var receiptId = await CaptureAsync(email);
        await UntilAsync(email, "pending-confirmation");

        // The link the confirmation email carries (the local host prints that email instead of sending it).
        var url = site.Server.Host.App.Services.GetRequiredService<ConfirmationLinkSigner>().Create(receiptId[26..], receiptId, "fr", TimeSpan.FromDays(7));
        var page = await site.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirmez votre inscription");
        Assert.Equal("pending-confirmation", await site.EmailMarketingReasonOrBasisAsync(email)); // opening the link changes nothing
        await Accessibility.AssertNoSeriousViolationsAsync(page, "confirmation page");
        await site.ScreenshotAsync(page, "confirmation");

        var button = page.Locator("button[type=submit]");
        for (var presses = 0; presses < 10 && !await button.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("Je confirme", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inscription confirmée");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "confirmed page");
        Assert.Equal("consent", await site.EmailMarketingReasonOrBasisAsync(email));
    }

    private async Task<string> CaptureAsync(string email)
    {
        using var capture = await site.Server.Client.PostAsync("/api/consents", BrowserSite.JsonContent(new
        {
            subject = new { email },
            form = new { id = "newsletter-footer", url = "https://shop.example.fr/", language = "fr-FR" },
            consents = new[] { new { purpose = "marketing", channel = "email", wording = Wording, @checked = true, checkedByDefault = false } },
        }));
        Assert.Equal(201, (int)capture.StatusCode);
        return JsonDocument.Parse(await capture.Content.ReadAsStringAsync()).RootElement.GetProperty("receiptId").GetString()!;
    }

    // The local host's queue dispatcher runs the withdrawal and the relay: poll with a deadline.
    private async Task UntilAsync(string email, string expected)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        string? seen;
        while ((seen = await site.EmailMarketingReasonOrBasisAsync(email)) != expected && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(expected, seen);
    }
}
