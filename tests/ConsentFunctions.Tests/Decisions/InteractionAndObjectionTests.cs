using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Decisions;

public class InteractionAndObjectionTests
{
    [Fact]
    public async Task Recording_the_same_interaction_twice_stores_it_once()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = new JsonObject { ["subject"] = Email("paul@example.fr"), ["kind"] = "purchase", ["at"] = "2026-11-01T10:00:00Z", ["similarProducts"] = true }.ToJsonString();
        Assert.Equal(201, (await app.InteractAsync(body)).Status);
        Assert.Equal(201, (await app.InteractAsync(body)).Status);
        // One interaction row, and one entry in the retention index that will look at it again.
        Assert.Equal(2, await app.CountAllRowsAsync());
        var subjects = await app.TableAsync(Core.Storage.TableNames.Subjects);
        Assert.Single(await subjects.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());
    }

    [Theory]
    [InlineData("{\"subject\":{\"email\":\"paul@example.fr\"},\"kind\":\"visit\",\"at\":\"2026-11-01T10:00:00Z\"}", "kind")]
    [InlineData("{\"subject\":{\"email\":\"paul@example.fr\"},\"kind\":\"purchase\"}", "at")]
    [InlineData("{\"subject\":{\"email\":\"paul@example.fr\"},\"kind\":\"purchase\",\"at\":\"2030-01-01T00:00:00Z\"}", "at")]
    [InlineData("{\"subject\":{},\"kind\":\"purchase\",\"at\":\"2026-11-01T10:00:00Z\"}", "subject")]
    [InlineData("{\"subject\":{\"phone\":\"123\"},\"kind\":\"purchase\",\"at\":\"2026-11-01T10:00:00Z\"}", "subject.phone")]
    public async Task A_bad_interaction_is_refused_and_nothing_is_stored(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.InteractAsync(body)).AssertProblem(400, path);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("{\"subject\":{\"email\":\"paul@example.fr\"},\"channels\":[\"pigeon\"]}", "channels[0]")]
    [InlineData("{\"subject\":{\"email\":\"paul@example.fr\"},\"purposes\":[]}", "purposes")]
    [InlineData("{\"channels\":[\"email\"]}", "subject")]
    public async Task A_bad_objection_is_refused_and_nothing_is_stored(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.ObjectAsync(body)).AssertProblem(400, path);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_objection_without_lists_covers_every_channel_and_purpose()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var form = Forms.Valid(email);
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = Email(email) }.ToJsonString())).Status);
        foreach (var channel in new[] { "email", "postal" })
        {
            var answer = await app.DecideAsync(channel, "marketing", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), [Email(email)]);
            Assert.Equal("objection", answer.Json.GetProperty("decisions")[0].GetProperty("reason").GetString());
        }
    }
}
