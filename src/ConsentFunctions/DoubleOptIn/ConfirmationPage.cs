using ConsentFunctions.Core.DoubleOptIn;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using ConsentFunctions.Preferences;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.DoubleOptIn;

/// <summary>
/// The pages of a confirmation link, in French or English: the button, the confirmation, and the
/// links that cannot confirm anything. They name the business and what the consent is for, never
/// the person. Templates: Confirmation*Page.razor; texts: <see cref="PageTexts"/>.
/// </summary>
public static class ConfirmationPage
{
    public static HtmlPage For(bool french, ConfirmationView view, string business, string postUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        var texts = PageTexts.For(french);
        return view.State switch
        {
            ConfirmationState.Pending => HtmlPage.Of<ConfirmationFormPage>(StatusCodes.Status200OK, new()
            {
                [nameof(ConfirmationFormPage.Texts)] = texts,
                [nameof(ConfirmationFormPage.Business)] = business,
                [nameof(ConfirmationFormPage.Boxes)] = view.Boxes,
                [nameof(ConfirmationFormPage.PostUrl)] = postUrl,
            }),
            ConfirmationState.Confirmed => HtmlPage.Of<ConfirmationDonePage>(StatusCodes.Status200OK, new()
            {
                [nameof(ConfirmationDonePage.Texts)] = texts,
                [nameof(ConfirmationDonePage.Business)] = business,
                [nameof(ConfirmationDonePage.Boxes)] = view.Boxes,
            }),
            ConfirmationState.Expired => Message(texts, StatusCodes.Status400BadRequest, texts.InvalidLinkTitle, texts.ConfirmLinkText),
            _ => Message(texts, StatusCodes.Status404NotFound, texts.ConfirmNotFoundTitle, texts.ConfirmNotFoundText),
        };
    }

    public static HtmlPage InvalidLink(bool french)
    {
        var texts = PageTexts.For(french);
        return Message(texts, StatusCodes.Status400BadRequest, texts.InvalidLinkTitle, texts.ConfirmLinkText);
    }

    /// <summary>A request that could not be answered (storage down, a body of the wrong kind): the problem, as a page.</summary>
    public static HtmlPage Problem(bool french, JsonBodyResult problem) => PreferencePage.Problem(french, problem);

    private static HtmlPage Message(PageTexts texts, int status, string title, string text)
        => HtmlPage.Of<PreferencesMessagePage>(status, new()
        {
            [nameof(PreferencesMessagePage.Texts)] = texts,
            [nameof(PreferencesMessagePage.Title)] = title,
            [nameof(PreferencesMessagePage.Text)] = text,
        });
}
