using System.IO.Compression;
using System.Net;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Web;

namespace ConsentFunctions.Tests.Web;

/// <summary>The snippet and the contract, as websites and their developers fetch them from the local host.</summary>
public class WebAssetTests
{
    private static string Root => RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");

    [Fact]
    public async Task The_snippet_is_served_with_an_etag_a_cache_lifetime_and_no_cookie()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var answer = await server.Client.GetAsync("/api/consent.js");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/javascript", answer.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(answer.Headers.ETag);
        Assert.Equal(TimeSpan.FromHours(1), answer.Headers.CacheControl!.MaxAge);
        Assert.True(answer.Headers.CacheControl.Public);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
        var served = await answer.Content.ReadAsByteArrayAsync();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Root, "src", "ConsentFunctions", "Web", "consent.js")), served);
    }

    [Fact]
    public async Task The_snippet_with_its_current_etag_is_not_sent_again()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var first = await server.Client.GetAsync("/api/consent.js");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/consent.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag!.Tag);

        foreach (var other in new[] { "\"0123\", W/\"other\"", "not-an-etag", etag.Trim('"'), new string('"', 5000) })
        {
            using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/consent.js");
            stale.Headers.TryAddWithoutValidation("If-None-Match", other);
            using var full = await server.Client.SendAsync(stale);
            Assert.Equal(HttpStatusCode.OK, full.StatusCode);
            Assert.Equal(WebAsset.ConsentScript.Content, await full.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public void The_snippet_weighs_at_most_5_KB_gzipped()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(WebAsset.ConsentScript.Content);
        }
        Assert.InRange(compressed.Length, 1, 5 * 1024);
    }

    [Fact]
    public void The_snippet_calls_no_one_but_the_capture_route()
    {
        var source = System.Text.Encoding.UTF8.GetString(WebAsset.ConsentScript.Content);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, @"\bfetch\("));
        Assert.DoesNotContain("http://", source, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", source, StringComparison.Ordinal);
        Assert.DoesNotContain("document.cookie", source, StringComparison.Ordinal);
        Assert.DoesNotContain("localStorage", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_is_served_as_the_repository_holds_it()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var answer = await server.Client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(answer.Headers.ETag);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Root, "docs", "openapi.json")), await answer.Content.ReadAsByteArrayAsync());
    }
}
