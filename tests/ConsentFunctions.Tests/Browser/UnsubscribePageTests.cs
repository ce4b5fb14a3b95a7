using System.Text.Json;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>The unsubscribe link as a person follows it: keyboard only, then the decision changes.</summary>
[Collection(BrowserCollection.Name)]
public class UnsubscribePageTests(BrowserSite site)
{
    [BrowserFact]
    public async Task An_unsubscribe_link_pressed_with_the_keyboard_only_makes_the_decision_withdrawn()
    {
        var email = $"unsub.{Guid.NewGuid():N}@example.fr";
        using (var capture = await site.Server.Client.PostAsync("/api/consents", BrowserSite.JsonContent(new
        {
            subject = new { email },
            form = new { id = "newsletter-footer", url = "https://shop.example.fr/", language = "fr-FR" },
            consents = new[] { new { purpose = "marketing", channel = "email", wording = "J'accepte les offres par e-mail.", @checked = true, checkedByDefault = false } },
        })))
        {
            Assert.Equal(201, (int)capture.StatusCode);
        }
        Assert.Equal("consent", await ReasonOrBasisAsync(email));
        var link = await site.AdminAsync(HttpMethod.Post, "/api/unsubscribe-links", new { subject = new { email }, channel = "email", purpose = "marketing", language = "fr" });

        var page = await site.NewPageAsync();
        await page.GotoAsync(link.GetProperty("url").GetString()!);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Se désinscrire");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "unsubscribe page");
        await site.ScreenshotAsync(page, "unsubscribe");

        // Keyboard only: Tab until the button has the focus, then Enter.
        for (var presses = 0; presses < 10 && await page.EvaluateAsync<string>("() => document.activeElement.tagName") != "BUTTON"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("Confirmer la désinscription", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Désinscription enregistrée");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("vous ne recevrez plus de messages (offres commerciales) par e-mail");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "unsubscribe confirmation");
        await site.ScreenshotAsync(page, "unsubscribe-done");

        // The queue function records the withdrawal: poll the decision with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? reason;
        while ((reason = await ReasonOrBasisAsync(email)) != "withdrawn" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal("withdrawn", reason);
    }

    private async Task<string?> ReasonOrBasisAsync(string email)
    {
        var answer = await site.AdminAsync(HttpMethod.Post, "/api/decisions", new
        {
            channel = "email",
            purpose = "marketing",
            at = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"),
            subjects = new[] { new { email } },
        });
        var decision = answer.GetProperty("decisions")[0];
        return decision.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString()
            : decision.GetProperty("basis").GetString();
    }
}
