using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentFunctions.Preferences;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Preferences;

/// <summary>One input of a preference page as the browser would post it.</summary>
public sealed record PageInput(string Type, string Name, string Value, bool Checked, string? Id);

public static partial class PreferenceCalls
{
    public const string EmailWording = "J'accepte de recevoir par e-mail les offres de Boutique Exemple.";
    public const string SmsWording = "J'accepte de recevoir par SMS les offres de Boutique Exemple.";

    public static async Task<HttpAnswer> CreatePreferenceLinkAsync(this FunctionTestApp app, JsonObject subject, string? language = null, IDictionary<string, string>? headers = null)
    {
        var body = new JsonObject { ["subject"] = subject };
        if (language is not null)
        {
            body["language"] = language;
        }
        var request = app.Request("POST", body.ToJsonString(), headers: headers);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<PreferenceLinkFunction>().Run(request));
    }

    public static async Task<string> PreferenceTokenAsync(this FunctionTestApp app, string email, string? language = null)
    {
        var url = (await app.CreatePreferenceLinkAsync(new JsonObject { ["email"] = email }, language)).Json.GetProperty("url").GetString()!;
        return url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    }

    /// <summary>GET or POST /api/preferences as a browser does (Accept: text/html).</summary>
    public static async Task<HttpAnswer> PreferencesAsync(this FunctionTestApp app, string method, string token, string? body = null,
        string accept = "text/html,application/xhtml+xml", string? acceptLanguage = null)
    {
        var headers = new Dictionary<string, string> { ["Accept"] = accept };
        if (acceptLanguage is not null)
        {
            headers["Accept-Language"] = acceptLanguage;
        }
        var request = app.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/x-www-form-urlencoded", headers);
        request.Path = "/api/preferences";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?token=" + Uri.EscapeDataString(token));
        return await FunctionTestApp.AnswerAsync(request, await app.Function<PreferenceFunction>().Run(request));
    }

    /// <summary>Registers the notices a business's preference page shows: marketing by email and by SMS.</summary>
    public static async Task RegisterPreferenceNoticesAsync(this FunctionTestApp app)
    {
        foreach (var (id, channel, wording) in new[] { ("prefs-email", "email", EmailWording), ("prefs-sms", "sms", SmsWording) })
        {
            var notice = new JsonObject
            {
                ["noticeId"] = id, ["version"] = "1", ["language"] = "fr-FR", ["purpose"] = "marketing", ["channel"] = channel, ["wording"] = wording,
            };
            Assert.Equal(201, (await app.RegisterNoticeAsync(notice.ToJsonString())).Status);
        }
    }

    /// <summary>The inputs of the page's form (Razor writes attributes in a fixed, double-quoted form).</summary>
    public static List<PageInput> Inputs(string html)
        => InputTag().Matches(html).Select(m =>
        {
            var tag = m.Value;
            string? Attr(string name) => Regex.Match(tag, "\\s" + name + "=\"([^\"]*)\"") is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : null;
            return new PageInput(Attr("type") ?? "text", Attr("name") ?? "", Attr("value") ?? "", Regex.IsMatch(tag, "\\schecked(\\s|>|=)"), Attr("id"));
        }).ToList();

    /// <summary>The body the browser posts: every hidden field, and the checkboxes ticked after <paramref name="toggle"/> (by value).</summary>
    public static string Submit(string html, params string[] toggle)
        => string.Join('&', Inputs(html)
            .Where(i => i.Type == "hidden" || (i.Type == "checkbox" && i.Checked != toggle.Contains(i.Value)))
            .Select(i => Uri.EscapeDataString(i.Name) + "=" + Uri.EscapeDataString(i.Value)));

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();
}
