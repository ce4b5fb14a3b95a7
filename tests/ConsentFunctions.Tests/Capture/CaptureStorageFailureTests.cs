using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

public class CaptureStorageFailureTests
{
    [Fact]
    public async Task When_storage_does_not_answer_nothing_is_acknowledged()
    {
        // A port nothing listens on: every storage call fails.
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = DeadStorage.ConnectionString,
            ["Storage:MaxRetries"] = "0",
        });
        var answer = await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString());
        answer.AssertProblem(503);
        Assert.DoesNotContain("127.0.0.1", answer.Body, StringComparison.Ordinal); // no storage message leaks
    }
}
