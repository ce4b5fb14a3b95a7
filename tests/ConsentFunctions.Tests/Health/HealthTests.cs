using ConsentFunctions.Health;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Health;

public class HealthTests
{
    private static async Task<HttpAnswer> HealthAsync(FunctionTestApp app)
    {
        var request = app.Request("GET", (byte[]?)null, null);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<HealthFunction>().Run(request));
    }

    [Fact]
    public async Task Healthy_when_storage_answers()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await HealthAsync(app);
        Assert.Equal(200, answer.Status);
        Assert.Equal("ok", answer.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unavailable_when_storage_does_not_answer()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = DeadStorage.ConnectionString,
            ["Storage:MaxRetries"] = "0",
        });
        (await HealthAsync(app)).AssertProblem(503);
    }
}
