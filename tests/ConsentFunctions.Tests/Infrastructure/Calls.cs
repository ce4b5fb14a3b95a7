using System.Text;
using ConsentFunctions.Capture;
using ConsentFunctions.Notices;
using ConsentFunctions.Receipts;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>Calls of the function classes, as their HTTP triggers would make them.</summary>
public static class Calls
{
    public static Task<HttpAnswer> CaptureAsync(this FunctionTestApp app, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
        => app.CaptureAsync(Encoding.UTF8.GetBytes(body), contentType, headers);

    public static async Task<HttpAnswer> CaptureAsync(this FunctionTestApp app, byte[] body, string? contentType = "application/json", IDictionary<string, string>? headers = null, string method = "POST")
    {
        var request = app.Request(method, body, contentType, headers);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<CaptureFunction>().Run(request));
    }

    /// <summary>POST /api/consents/import: the same body behind the admin key (partner imports, admin-recorded consents).</summary>
    public static async Task<HttpAnswer> ImportAsync(this FunctionTestApp app, string body)
    {
        var request = app.Request("POST", Encoding.UTF8.GetBytes(body), "application/json");
        return await FunctionTestApp.AnswerAsync(request, await app.Function<CaptureFunction>().Import(request));
    }

    public static async Task<HttpAnswer> ReceiptAsync(this FunctionTestApp app, string receiptId)
    {
        var request = app.Request("GET", (byte[]?)null, null);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<ReceiptFunction>().Run(request, receiptId));
    }

    public static async Task<HttpAnswer> RegisterNoticeAsync(this FunctionTestApp app, string body, string contentType = "application/json")
    {
        var request = app.Request("POST", body, contentType);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<NoticeFunctions>().Register(request));
    }

    public static async Task<HttpAnswer> NoticeAsync(this FunctionTestApp app, string noticeId, string version)
    {
        var request = app.Request("GET", (byte[]?)null, null);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<NoticeFunctions>().Get(request, noticeId, version));
    }

    /// <summary>A 4xx problem+json answer: what every bad input must get.</summary>
    public static void AssertProblem(this HttpAnswer answer, int status, string? errorPath = null)
    {
        Assert.True(answer.Status == status, $"Expected {status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var json = answer.Json;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("detail").GetString()));
        Assert.StartsWith("urn:consentfunctions:problem:", json.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", answer.Body, StringComparison.Ordinal); // no stack trace
        if (errorPath is not null)
        {
            Assert.True(json.GetProperty("errors").TryGetProperty(errorPath, out _), $"No error for {errorPath}: {answer.Body}");
        }
    }
}
