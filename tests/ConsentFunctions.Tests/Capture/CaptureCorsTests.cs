using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

public class CaptureCorsTests
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync([], null, new Dictionary<string, string>
        {
            ["Origin"] = TestSettings.AllowedOrigin,
            ["Access-Control-Request-Method"] = "POST",
        }, method: "OPTIONS");
        Assert.Equal(204, answer.Status);
        Assert.Equal(TestSettings.AllowedOrigin, answer.Headers.AccessControlAllowOrigin.ToString());
        Assert.Contains("POST", answer.Headers.AccessControlAllowMethods.ToString(), StringComparison.Ordinal);
        Assert.Contains("Idempotency-Key", answer.Headers.AccessControlAllowHeaders.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_cors_headers()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync([], null, new Dictionary<string, string> { ["Origin"] = "https://evil.example.com" }, method: "OPTIONS");
        answer.AssertProblem(403);
        Assert.False(answer.Headers.ContainsKey("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_post_from_an_allowed_origin_may_read_its_receipt()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString(), headers: new Dictionary<string, string> { ["Origin"] = TestSettings.AllowedOrigin });
        Assert.Equal(201, answer.Status);
        Assert.Equal(TestSettings.AllowedOrigin, answer.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal("Origin", answer.Headers.Vary.ToString());
    }

    [Fact]
    public async Task A_server_to_server_post_without_origin_is_accepted()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        Assert.Equal(201, answer.Status);
        Assert.False(answer.Headers.ContainsKey("Access-Control-Allow-Origin"));
    }
}
