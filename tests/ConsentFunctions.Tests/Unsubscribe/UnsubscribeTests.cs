using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Unsubscribe;

namespace ConsentFunctions.Tests.Unsubscribe;

public class UnsubscribeTests
{
    private static async Task<string> ConsentedAsync(FunctionTestApp app)
    {
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        return email;
    }

    [Fact]
    public async Task A_link_comes_with_the_rfc_8058_headers()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var link = (await app.CreateLinkAsync("jeanne@example.fr")).Json;
        var url = link.GetProperty("url").GetString()!;
        Assert.StartsWith("https://consent.example.fr/api/unsubscribe?token=", url, StringComparison.Ordinal);
        Assert.Equal("<" + url + ">", link.GetProperty("listUnsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", link.GetProperty("listUnsubscribePost").GetString());
        Assert.DoesNotContain("jeanne", url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_page_names_what_will_stop_in_the_readers_language_and_changes_nothing()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.TokenAsync(email);

        var french = await app.UnsubscribeAsync("GET", token, body: null, acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.8");
        var english = await app.UnsubscribeAsync("GET", token, body: null, acceptLanguage: "en-GB,en;q=0.9");

        Assert.Equal(200, french.Status);
        Assert.StartsWith("text/html", french.ContentType, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", french.Body, StringComparison.Ordinal);
        Assert.Contains("offres commerciales", french.Body, StringComparison.Ordinal);
        Assert.Contains("method=\"post\"", french.Body, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", english.Body, StringComparison.Ordinal);
        Assert.Contains("marketing messages by email", english.Body, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueuedAsync());
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task One_click_queues_the_request_and_the_queue_function_withdraws()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.TokenAsync(email);

        var answer = await app.UnsubscribeAsync("POST", token);
        Assert.Equal(202, answer.Status);
        Assert.StartsWith("text/plain", answer.ContentType, StringComparison.Ordinal);
        Assert.False(answer.Headers.ContainsKey("Location"));
        Assert.Equal(1, await app.QueuedAsync());

        Assert.Equal(1, await app.DrainAsync());
        Assert.Equal("withdrawn", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task Requests_are_queued_base64_encoded_as_host_json_tells_the_trigger_to_decode()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(await ConsentedAsync(app)))).Status);
        var queue = await app.QueueAsync();
        var raw = new Azure.Storage.Queues.QueueClient(
            (await SharedAzurite.ConnectionStringAsync()), queue.Name, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
        var wire = (await raw.PeekMessageAsync()).Value.Body.ToString();
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(wire));
        Assert.Equal("one-click", UnsubscribeMessage.Parse(json).Source);
    }

    [Fact]
    public async Task The_page_button_answers_with_a_page()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync(await ConsentedAsync(app));
        var answer = await app.UnsubscribeAsync("POST", token, "List-Unsubscribe=One-Click&source=page", acceptLanguage: "fr");
        Assert.Equal(202, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("est noté", answer.Body, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueuedAsync());
    }

    [Fact]
    public async Task One_click_as_multipart_is_accepted()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync(await ConsentedAsync(app));
        using var content = new MultipartFormDataContent("b0undary") { { new StringContent("One-Click"), "List-Unsubscribe" } };
        var answer = await app.UnsubscribeAsync("POST", token, await content.ReadAsStringAsync(), content.Headers.ContentType!.ToString());
        Assert.Equal(202, answer.Status);
    }

    [Fact]
    public async Task The_same_link_clicked_ten_times_is_one_withdrawal()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        var token = await app.TokenAsync(email);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(202, (await app.UnsubscribeAsync("POST", token)).Status);
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(10, await app.DrainAsync());

        var subjects = await app.TableAsync(TableNames.Subjects);
        var rows = 0;
        await foreach (var row in subjects.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows += row.RowKey.StartsWith("suppression|", StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.Equal(1, rows);
        Assert.Equal("withdrawn", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_one_withdrawal()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = await ConsentedAsync(app);
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(email))).Status);
        var queue = await app.QueueAsync();
        var message = (await queue.PeekMessageAsync()).Value.Body.ToString();
        await app.Function<WithdrawalFunction>().Run(message);
        await app.Function<WithdrawalFunction>().Run(message);
        Assert.Equal("withdrawn", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Fact]
    public async Task An_unsubscribe_only_stops_its_channel_and_purpose()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var form = Forms.Valid(email);
        form["consents"]![1]!["checked"] = true;
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.UnsubscribeAsync("POST", await app.TokenAsync(email, purpose: "partner-sharing"));
        await app.DrainAsync();
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b")]
    public async Task A_forged_token_answers_400_and_queues_nothing(string token)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.UnsubscribeAsync("POST", token)).AssertProblem(400);
        Assert.Equal(0, await app.QueuedAsync());
    }

    [Fact]
    public async Task Tampered_tokens_answer_400_without_saying_why_and_queue_nothing()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync(await ConsentedAsync(app));
        var answers = new List<HttpAnswer>
        {
            await app.UnsubscribeAsync("POST", token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..]),
            await app.UnsubscribeAsync("POST", token[..^3]),
            await app.UnsubscribeAsync("POST", token[..token.IndexOf('.', StringComparison.Ordinal)] + ".AAAA"),
        };
        foreach (var answer in answers)
        {
            answer.AssertProblem(400);
            Assert.Equal(answers[0].Body, answer.Body);
        }
        Assert.Equal(0, await app.QueuedAsync());
    }

    [Fact]
    public async Task A_page_with_a_broken_link_tells_a_person_in_html()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var request = app.Request("GET", (byte[]?)null, null, new Dictionary<string, string> { ["Accept"] = "text/html" });
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?token=broken");
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeFunction>().Run(request));
        Assert.Equal(400, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("List-Unsubscribe=Yes", "application/x-www-form-urlencoded", 400)]
    [InlineData("", "application/x-www-form-urlencoded", 400)]
    [InlineData("{\"List-Unsubscribe\":\"One-Click\"}", "application/json", 415)]
    [InlineData("List-Unsubscribe=One-Click", "text/plain", 415)]
    public async Task A_post_that_is_not_a_one_click_is_refused_and_queues_nothing(string body, string contentType, int status)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync(await ConsentedAsync(app));
        (await app.UnsubscribeAsync("POST", token, body, contentType)).AssertProblem(status);
        Assert.Equal(0, await app.QueuedAsync());
    }

    [Fact]
    public async Task An_oversized_one_click_body_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync(await ConsentedAsync(app));
        (await app.UnsubscribeAsync("POST", token, "List-Unsubscribe=One-Click&x=" + new string('a', 10_000))).AssertProblem(413);
        Assert.Equal(0, await app.QueuedAsync());
    }

    [Theory]
    [InlineData("{\"subject\":{\"email\":\"x\"},\"channel\":\"email\",\"purpose\":\"marketing\"}", "subject.email")]
    [InlineData("{\"subject\":{\"email\":\"a@b.fr\"},\"channel\":\"pigeon\",\"purpose\":\"marketing\"}", "channel")]
    [InlineData("{\"subject\":{\"email\":\"a@b.fr\"},\"channel\":\"email\"}", "purpose")]
    public async Task A_bad_link_request_is_refused(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var request = app.Request("POST", body);
        var answer = await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeLinkFunction>().Run(request));
        answer.AssertProblem(400, path);
    }

    [Fact]
    public async Task A_message_that_cannot_be_parsed_throws_so_the_host_retries_it()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => app.Function<WithdrawalFunction>().Run("{not json"));
        await Assert.ThrowsAnyAsync<Exception>(() => app.Function<WithdrawalFunction>().Run("{}"));
    }

    [Fact]
    public async Task A_storage_failure_while_applying_throws_so_the_message_stays_on_the_queue()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = DeadStorage.ConnectionString,
            ["Storage:MaxRetries"] = "0",
        });
        var message = new UnsubscribeMessage("tok", "AbCdEfGhIjKlMnOpQrSt-_", "email", "marketing", DateTimeOffset.UtcNow, "one-click").ToJson();
        await Assert.ThrowsAnyAsync<Exception>(() => app.Function<WithdrawalFunction>().Run(message));
    }

    [Fact]
    public async Task When_the_queue_is_unavailable_the_click_is_not_acknowledged()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var token = await app.TokenAsync("jeanne@example.fr");
        await using var dead = await FunctionTestApp.CreateAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = DeadStorage.ConnectionString,
            ["Storage:MaxRetries"] = "0",
        });
        (await dead.UnsubscribeAsync("POST", token)).AssertProblem(503);
    }
}
