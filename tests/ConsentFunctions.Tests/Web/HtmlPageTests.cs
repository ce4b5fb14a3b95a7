using ConsentFunctions.Capture;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using ConsentFunctions.Unsubscribe;

namespace ConsentFunctions.Tests.Web;

/// <summary>Pages are rendered from templates that encode every value: nothing sent can become markup.</summary>
public class HtmlPageTests
{
    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public async Task Values_in_a_problem_page_are_encoded_never_markup()
    {
        var problem = new ProblemBody("urn:consentfunctions:problem:validation", "t", 400, Hostile,
            new Dictionary<string, string[]> { [Hostile] = [Hostile] });
        var html = await HtmlPage.Of<CaptureProblemPage>(400, new()
        {
            [nameof(CaptureProblemPage.Texts)] = PageTexts.English,
            [nameof(CaptureProblemPage.Problem)] = problem,
            [nameof(CaptureProblemPage.BackUrl)] = "https://shop.example.fr/?q=" + Hostile,
        }).RenderAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_page_encodes_its_post_url_and_keeps_accents_as_they_are()
    {
        var html = await UnsubscribePage.Confirm(true, "email", Hostile, "/api/unsubscribe?token=" + Hostile).RenderAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("action=\"/api/unsubscribe?token=&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Confirmer la désinscription", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_confirmation_page_lists_each_box_in_the_forms_language()
    {
        var receipt = new CaptureResponse("01ABC", DateTimeOffset.UnixEpoch, [
            new CaptureResponseConsent("marketing", "sms", "invalid", "pre-ticked", "00", null),
            new CaptureResponseConsent("partner-sharing", "email", "refused", null, "00", null),
        ]);
        var html = await HtmlPage.Of<CaptureReceivedPage>(201, new()
        {
            [nameof(CaptureReceivedPage.Texts)] = PageTexts.French,
            [nameof(CaptureReceivedPage.Receipt)] = receipt,
        }).RenderAsync();

        Assert.Contains("offres commerciales, SMS\u00a0: <strong>non valable (case cochée d'avance)</strong>", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("transmission à nos partenaires, e-mail\u00a0: <strong>refusé</strong>", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("<code id=\"receipt-id\">01ABC</code>", html, StringComparison.Ordinal);
    }
}
