using ConsentFunctions.Pages;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Unsubscribe;

/// <summary>
/// The human pages of the unsubscribe link, in French or English. They name what will stop and
/// never any personal data: the link only knows a keyed hash. Templates: Unsubscribe*Page.razor;
/// texts: <see cref="PageTexts"/>.
/// </summary>
public static class UnsubscribePage
{
    /// <summary>The link's own language when it has one (the subject's, from the mailing tool), else the browser's.</summary>
    public static bool PrefersFrench(HttpRequest request, string linkLanguage = "")
        => PageLanguage.PrefersFrench(request, linkLanguage);

    public static HtmlPage Confirm(bool french, string channel, string purpose, string postUrl)
        => HtmlPage.Of<UnsubscribeConfirmPage>(StatusCodes.Status200OK, new()
        {
            [nameof(UnsubscribeConfirmPage.Texts)] = PageTexts.For(french),
            [nameof(UnsubscribeConfirmPage.Channel)] = channel,
            [nameof(UnsubscribeConfirmPage.Purpose)] = purpose,
            [nameof(UnsubscribeConfirmPage.PostUrl)] = postUrl,
        });

    public static HtmlPage Done(bool french, string channel, string purpose)
        => HtmlPage.Of<UnsubscribeDonePage>(StatusCodes.Status202Accepted, new()
        {
            [nameof(UnsubscribeDonePage.Texts)] = PageTexts.For(french),
            [nameof(UnsubscribeDonePage.Channel)] = channel,
            [nameof(UnsubscribeDonePage.Purpose)] = purpose,
        });

    public static HtmlPage Invalid(bool french)
        => HtmlPage.Of<UnsubscribeInvalidPage>(StatusCodes.Status400BadRequest, new()
        {
            [nameof(UnsubscribeInvalidPage.Texts)] = PageTexts.For(french),
        });
}
