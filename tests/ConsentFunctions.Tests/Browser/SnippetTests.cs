using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>consent.js in Chromium, on the sample website: what is stored is what the person saw.</summary>
[Collection(BrowserCollection.Name)]
public class SnippetTests(BrowserSite site)
{
    private const string Phone = "06 12 34 56 78";

    private static string UniqueEmail(string prefix) => $"{prefix}.{Guid.NewGuid():N}@example.fr";

    /// <summary>Resolves with the detail of the form's next consent:recorded or consent:error event.</summary>
    private static Task ListenAsync(IPage page)
        => page.EvaluateAsync(@"() => {
            const form = document.querySelector('form[data-consent-form]');
            window.consentOutcome = new Promise(resolve => {
                form.addEventListener('consent:recorded', e => resolve({ name: e.type, detail: e.detail }), { once: true });
                form.addEventListener('consent:error', e => resolve({ name: e.type, detail: e.detail }), { once: true });
            });
        }");

    private static async Task<(string Name, JsonElement Detail)> OutcomeAsync(IPage page)
    {
        var outcome = await page.EvaluateAsync<JsonElement>("() => window.consentOutcome");
        return (outcome.GetProperty("name").GetString()!, outcome.GetProperty("detail"));
    }

    [BrowserFact]
    public async Task The_wording_stored_is_the_label_text_the_browser_rendered_byte_for_byte()
    {
        var page = await site.NewPageAsync();
        // The sample page as served, with its SMS box ticked in the HTML (a pre-ticked box).
        await page.RouteAsync("**/offres.html", async route =>
        {
            var original = await route.FetchAsync();
            var html = (await original.TextAsync()).Replace("data-channel=\"sms\">", "data-channel=\"sms\" checked>", StringComparison.Ordinal);
            await route.FulfillAsync(new RouteFulfillOptions { Response = original, Body = html });
        });
        await page.GotoAsync("/offres.html");
        await ListenAsync(page);
        var email = UniqueEmail("snippet");
        await page.FillAsync("#email", email);
        await page.FillAsync("#telephone", Phone);
        await page.CheckAsync("#offres-email");
        Assert.True(await page.IsCheckedAsync("#offres-sms"));
        Assert.False(await page.IsCheckedAsync("#partenaires-email"));
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in new[] { "offres-email", "offres-sms", "partenaires-email" })
        {
            shown[id] = await page.EvalOnSelectorAsync<string>($"label[for={id}]", "label => label.innerText");
        }
        await page.ClickAsync("button[type=submit]");

        var (name, detail) = await OutcomeAsync(page);
        Assert.Equal("consent:recorded", name);
        var receiptId = detail.GetProperty("receiptId").GetString()!;
        await Assertions.Expect(page.Locator("[data-consent-message]")).ToHaveTextAsync("Merci, vos choix sont enregistrés.");

        var receipt = (await site.AdminAsync(HttpMethod.Get, "/api/receipts/" + receiptId)).GetProperty("receipt");
        var consents = receipt.GetProperty("consents").EnumerateArray().ToList();
        Assert.Equal(3, consents.Count);
        // The label texts hold a link, a non-breaking space and an emoji: all stored as rendered.
        Assert.Contains("politique de confidentialité", shown["offres-email"], StringComparison.Ordinal);
        Assert.Contains('\u00a0', shown["offres-sms"]);
        Assert.Contains("📱", shown["offres-sms"], StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(shown["offres-email"]), Encoding.UTF8.GetBytes(consents[0].GetProperty("wording").GetString()!));
        Assert.Equal(Encoding.UTF8.GetBytes(shown["offres-sms"]), Encoding.UTF8.GetBytes(consents[1].GetProperty("wording").GetString()!));
        Assert.Equal(Encoding.UTF8.GetBytes(shown["partenaires-email"]), Encoding.UTF8.GetBytes(consents[2].GetProperty("wording").GetString()!));

        Assert.Equal(("marketing", "email", "given"), Box(consents[0]));
        Assert.Equal(("marketing", "sms", "invalid"), Box(consents[1]));
        Assert.Equal("pre-ticked", consents[1].GetProperty("reason").GetString());
        Assert.Equal(("partner-sharing", "email", "refused"), Box(consents[2]));
        Assert.Equal(["Librairie Dupont SARL", "Jardins de Provence SAS"], consents[2].GetProperty("partners").EnumerateArray().Select(p => p.GetString()));
        var form = receipt.GetProperty("form");
        Assert.Equal("offres-sms-partenaires", form.GetProperty("id").GetString());
        Assert.Equal("fr", form.GetProperty("language").GetString());
        Assert.Equal(new Uri(site.BaseAddress, "/offres.html").AbsoluteUri, form.GetProperty("url").GetString());
        Assert.True(Guid.TryParse(receipt.GetProperty("submissionId").GetString(), out _));

        static (string, string, string) Box(JsonElement c)
            => (c.GetProperty("purpose").GetString()!, c.GetProperty("channel").GetString()!, c.GetProperty("status").GetString()!);
    }

    [BrowserFact]
    public async Task A_network_cut_on_the_first_try_is_retried_with_the_same_submission_and_stored_once()
    {
        var page = await site.NewPageAsync();
        var posted = new List<string>();
        await page.RouteAsync("**/api/consents", async route =>
        {
            posted.Add(route.Request.PostData ?? "");
            if (posted.Count == 1)
            {
                // The server records it, then the answer is lost on the way back.
                await route.FetchAsync();
                await route.AbortAsync("internetdisconnected");
                return;
            }
            await route.ContinueAsync();
        });
        await page.GotoAsync("/");
        await ListenAsync(page);
        var email = UniqueEmail("retry");
        await page.FillAsync("#email", email);
        await page.CheckAsync("#offres-email");
        await page.ClickAsync("button[type=submit]");

        var (name, detail) = await OutcomeAsync(page);
        Assert.Equal("consent:recorded", name);
        Assert.Equal(2, posted.Count);
        var ids = posted.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("submissionId").GetString()).ToList();
        Assert.Equal(ids[0], ids[1]);

        var export = await site.AdminAsync(HttpMethod.Post, "/api/subjects/export", new { subject = new { email } });
        var receipt = Assert.Single(export.GetProperty("receipts").EnumerateArray());
        Assert.Equal(detail.GetProperty("receiptId").GetString(), receipt.GetProperty("receiptId").GetString());
        Assert.Equal(ids[0], receipt.GetProperty("submissionId").GetString());
    }

    [BrowserFact]
    public async Task A_box_without_a_label_is_never_sent_and_the_form_reports_an_error()
    {
        var page = await site.NewPageAsync();
        var posts = 0;
        await page.RouteAsync("**/api/consents", route =>
        {
            posts++;
            return route.ContinueAsync();
        });
        await page.RouteAsync("**/sans-libelle.html", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = """
                <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Sans libellé</title></head><body><main>
                <form data-consent-form="sans-libelle">
                  <label for="email">Adresse e-mail</label><input id="email" name="subject.email" type="email">
                  <input id="sans" type="checkbox" data-purpose="marketing" data-channel="email" aria-label="offres">
                  <button type="submit">Envoyer</button>
                </form></main><script src="/api/consent.js"></script></body></html>
                """,
        }));
        await page.GotoAsync("/sans-libelle.html");
        await ListenAsync(page);
        await page.FillAsync("#email", UniqueEmail("nolabel"));
        await page.CheckAsync("#sans");
        await page.ClickAsync("button[type=submit]");

        var (name, detail) = await OutcomeAsync(page);
        Assert.Equal("consent:error", name);
        Assert.Equal("urn:consentfunctions:problem:missing-label", detail.GetProperty("type").GetString());
        Assert.True(detail.GetProperty("errors").TryGetProperty("consents[0].wording", out _));
        await Assertions.Expect(page.Locator("[data-consent-message]")).ToContainTextAsync("Rien n'a été envoyé");
        Assert.Equal(0, posts);
    }
}
