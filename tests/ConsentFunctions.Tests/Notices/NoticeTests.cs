using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Notices;

public class NoticeTests
{
    private static JsonObject Notice(string wording = "J'accepte les offres par e-mail.", string version = "1")
        => new()
        {
            ["noticeId"] = "newsletter", ["version"] = version, ["language"] = "fr-FR",
            ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = wording,
        };

    [Fact]
    public async Task A_registered_version_reads_back_with_its_hash()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var created = await app.RegisterNoticeAsync(Notice().ToJsonString());
        Assert.Equal(201, created.Status);
        Assert.Equal(Core.Capture.WordingHash.Sha256Hex("J'accepte les offres par e-mail."), created.Json.GetProperty("wordingSha256").GetString());

        var read = await app.NoticeAsync("newsletter", "1");
        Assert.Equal(200, read.Status);
        Assert.Equal("J'accepte les offres par e-mail.", read.Json.GetProperty("wording").GetString());
        Assert.Equal("fr-FR", read.Json.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Registering_the_same_version_again_is_harmless()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        Assert.Equal(201, (await app.RegisterNoticeAsync(Notice().ToJsonString())).Status);
        Assert.Equal(200, (await app.RegisterNoticeAsync(Notice().ToJsonString())).Status);
    }

    [Fact]
    public async Task A_version_never_changes()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        Assert.Equal(201, (await app.RegisterNoticeAsync(Notice().ToJsonString())).Status);
        var changed = await app.RegisterNoticeAsync(Notice("J'accepte tout.").ToJsonString());
        changed.AssertProblem(409);
        Assert.Equal("J'accepte les offres par e-mail.", (await app.NoticeAsync("newsletter", "1")).Json.GetProperty("wording").GetString());
        Assert.Equal(201, (await app.RegisterNoticeAsync(Notice("J'accepte tout.", "2").ToJsonString())).Status);
    }

    [Fact]
    public async Task An_unknown_notice_is_404()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.NoticeAsync("newsletter", "9")).AssertProblem(404);
        (await app.NoticeAsync("../etc", "1")).AssertProblem(404);
    }

    [Theory]
    [InlineData("wording", null, "wording")]
    [InlineData("wording", "   ", "wording")]
    [InlineData("channel", "pigeon", "channel")]
    [InlineData("purpose", "profiling", "purpose")]
    [InlineData("noticeId", "a/b", "noticeId")]
    [InlineData("version", "1 2", "version")]
    [InlineData("language", "<script>", "language")]
    public async Task A_bad_notice_is_refused_and_nothing_is_stored(string field, string? value, string errorPath)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var notice = Notice();
        notice[field] = value;
        (await app.RegisterNoticeAsync(notice.ToJsonString())).AssertProblem(400, errorPath);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("{", "application/json", 400)]
    [InlineData("noticeId=x", "application/x-www-form-urlencoded", 415)]
    public async Task Malformed_or_unsupported_bodies_are_refused(string body, string contentType, int status)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.RegisterNoticeAsync(body, contentType)).AssertProblem(status);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_oversized_notice_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.RegisterNoticeAsync(Notice(new string('x', 70_000)).ToJsonString())).AssertProblem(413);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }
}
