using ConsentFunctions.Health;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Tests.Unsubscribe;

namespace ConsentFunctions.Tests.Health;

/// <summary>nosniff on every answer; pages also forbid framing, scripts and caching.</summary>
public class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_carry_a_content_security_policy_no_framing_and_no_caching()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var page = await app.UnsubscribeAsync("GET", await app.TokenAsync(Forms.UniqueEmail()), body: null);
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.XFrameOptions.ToString());
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", page.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task Json_problem_and_text_answers_are_nosniff()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var receipt = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        var problem = await app.CaptureAsync("{");
        var click = await app.UnsubscribeAsync("POST", await app.TokenAsync(Forms.UniqueEmail()));
        foreach (var answer in new[] { receipt, problem, click })
        {
            Assert.Equal("nosniff", answer.Headers.XContentTypeOptions.ToString());
        }
    }

    [Fact]
    public async Task Health_is_503_with_retry_after_when_storage_accepts_connections_but_never_answers()
    {
        // A black hole: connections are accepted and nothing is ever answered. Without its own
        // deadline the probe would wait for the SDK's network timeout (100 s) and its retries.
        using var blackHole = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((System.Net.IPEndPoint)blackHole.LocalEndpoint).Port;
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        });
        var request = app.Request("GET", (byte[]?)null, null);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<HealthFunction>().Run(request));
        answer.AssertProblem(503);
        Assert.Equal(ConsentFunctions.Http.ApiResults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Headers.RetryAfter.ToString());
        Assert.True(Core.Health.StorageHealth.Deadline <= TimeSpan.FromSeconds(2));
    }
}
