using ConsentFunctions.Capture;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Preferences;
using ConsentFunctions.Http;
using ConsentFunctions.Pages;
using Microsoft.AspNetCore.Http;

namespace ConsentFunctions.Preferences;

/// <summary>
/// The pages of a preference link, in French or English. Templates: Preferences*Page.razor;
/// texts: <see cref="PageTexts"/>. Only the form page shows anything of the person: their address, masked.
/// </summary>
public static class PreferencePage
{
    public static HtmlPage Form(bool french, PreferenceView view, string postUrl)
        => HtmlPage.Of<PreferencesFormPage>(StatusCodes.Status200OK, new()
        {
            [nameof(PreferencesFormPage.Texts)] = PageTexts.For(french),
            [nameof(PreferencesFormPage.View)] = view,
            [nameof(PreferencesFormPage.PostUrl)] = postUrl,
        });

    public static HtmlPage Saved(bool french, CaptureResponse receipt, int status)
        => HtmlPage.Of<PreferencesSavedPage>(status, new()
        {
            [nameof(PreferencesSavedPage.Texts)] = PageTexts.For(french),
            [nameof(PreferencesSavedPage.Receipt)] = receipt,
        });

    public static HtmlPage InvalidLink(bool french)
        => Message(french, StatusCodes.Status400BadRequest, t => t.InvalidLinkTitle, t => t.PreferencesLinkText);

    public static HtmlPage NotFound(bool french)
        => Message(french, StatusCodes.Status404NotFound, t => t.PreferencesNotFoundTitle, t => t.PreferencesNotFoundText);

    /// <summary>A submission that was not recorded: what is wrong (the capture form's problem page).</summary>
    public static HtmlPage Problem(bool french, JsonBodyResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var page = HtmlPage.Of<CaptureProblemPage>(problem.StatusCode, new()
        {
            [nameof(CaptureProblemPage.Texts)] = PageTexts.For(french),
            [nameof(CaptureProblemPage.Problem)] = (ProblemBody)problem.Value!,
        });
        foreach (var (name, value) in problem.Headers)
        {
            page.WithHeader(name, value);
        }
        return page;
    }

    private static HtmlPage Message(bool french, int status, Func<PageTexts, string> title, Func<PageTexts, string> text)
    {
        var texts = PageTexts.For(french);
        return HtmlPage.Of<PreferencesMessagePage>(status, new()
        {
            [nameof(PreferencesMessagePage.Texts)] = texts,
            [nameof(PreferencesMessagePage.Title)] = title(texts),
            [nameof(PreferencesMessagePage.Text)] = text(texts),
        });
    }
}
