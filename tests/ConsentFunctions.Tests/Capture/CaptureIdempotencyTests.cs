using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

public class CaptureIdempotencyTests
{
    private static async Task<int> ReceiptRowsAsync(FunctionTestApp app)
    {
        var subjects = await app.TableAsync(TableNames.Subjects);
        var count = 0;
        await foreach (var row in subjects.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count += row.RowKey.StartsWith("receipt|", StringComparison.Ordinal) ? 1 : 0;
        }
        return count;
    }

    [Fact]
    public async Task The_same_submission_posted_again_answers_200_with_the_first_receipt()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["submissionId"] = Guid.NewGuid().ToString();
        var first = await app.CaptureAsync(form.ToJsonString());
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await app.CaptureAsync(form.ToJsonString());

        Assert.Equal(201, first.Status);
        Assert.Equal(200, again.Status);
        Assert.Equal(first.Json.GetProperty("receiptId").GetString(), again.Json.GetProperty("receiptId").GetString());
        Assert.Equal(first.Json.GetProperty("recordedAt").GetString(), again.Json.GetProperty("recordedAt").GetString());
        Assert.Equal(1, await ReceiptRowsAsync(app));
    }

    [Fact]
    public async Task The_idempotency_key_header_works_like_the_submission_id()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var body = Forms.Valid(Forms.UniqueEmail()).ToJsonString();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var first = await app.CaptureAsync(body, headers: headers);
        var again = await app.CaptureAsync(body, headers: headers);
        Assert.Equal(201, first.Status);
        Assert.Equal(200, again.Status);
        Assert.Equal(1, await ReceiptRowsAsync(app));
    }

    [Fact]
    public async Task The_same_submission_id_with_another_body_answers_409_and_stores_nothing_more()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var id = Guid.NewGuid().ToString();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["submissionId"] = id;
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        var rowsBefore = await app.CountAllRowsAsync();

        // Another person under the same id: caught although their partition is another one.
        var other = Forms.Valid(Forms.UniqueEmail("paul"));
        other["submissionId"] = id;
        var answer = await app.CaptureAsync(other.ToJsonString());

        answer.AssertProblem(409);
        Assert.Equal(rowsBefore, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task The_same_submission_posted_as_json_and_as_a_form_is_the_same_submission()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var id = Guid.NewGuid().ToString();
        var json = $$"""
            {"submissionId":"{{id}}","subject":{"email":"{{email}}"},"form":{"id":"footer"},
             "consents":[{"purpose":"marketing","channel":"email","wording":"Oui","checked":true,"checkedByDefault":false}]}
            """;
        var form = $"submissionId={id}&subject.email={Uri.EscapeDataString(email)}&form.id=footer&consents[0].purpose=marketing"
            + "&consents[0].channel=email&consents[0].wording=Oui&consents[0].checked=on&consents[0].checkedByDefault=false";
        var first = await app.CaptureAsync(json);
        var again = await app.CaptureAsync(form, "application/x-www-form-urlencoded");
        Assert.Equal(201, first.Status);
        Assert.Equal(200, again.Status);
    }

    [Fact]
    public async Task The_same_submission_posted_many_times_at_once_makes_one_receipt()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["submissionId"] = Guid.NewGuid().ToString();
        var body = form.ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.CaptureAsync(body))));

        Assert.Single(answers, a => a.Status == 201);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 201 }));
        Assert.Single(answers.Select(a => a.Json.GetProperty("receiptId").GetString()).Distinct());
        Assert.Equal(1, await ReceiptRowsAsync(app));
    }

    [Fact]
    public async Task A_retry_after_a_failure_between_the_two_writes_finishes_the_same_receipt()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        var id = Guid.NewGuid().ToString();
        form["submissionId"] = id;
        var first = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, first.Status);
        var receiptId = first.Json.GetProperty("receiptId").GetString()!;

        // Simulate a crash after the idempotency row and before the receipt: remove the receipt's rows.
        var subjects = await app.TableAsync(TableNames.Subjects);
        await foreach (var row in subjects.QueryAsync<TableEntity>())
        {
            await subjects.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        Assert.Equal(404, (await app.ReceiptAsync(receiptId)).Status);

        var retry = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(200, retry.Status);
        Assert.Equal(receiptId, retry.Json.GetProperty("receiptId").GetString());
        Assert.Equal(200, (await app.ReceiptAsync(receiptId)).Status);
    }
}
