using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
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

        // The same person, the same id, another body: a client bug, refused.
        var other = Forms.Valid(form["subject"]!["email"]!.GetValue<string>());
        other["subject"]!["firstName"] = "Paul";
        other["submissionId"] = id;
        var answer = await app.CaptureAsync(other.ToJsonString());

        answer.AssertProblem(409);
        Assert.Equal(rowsBefore, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task A_submission_id_reused_for_another_person_is_not_detected_and_records_their_own_receipt()
    {
        // The idempotency record lives in the person's partition, inside their transaction (two
        // storage operations per capture): a reused id with another address is the client's bug,
        // documented, and both people keep their own proof.
        await using var app = await FunctionTestApp.CreateAsync();
        var id = Guid.NewGuid().ToString();
        var first = Forms.Valid(Forms.UniqueEmail());
        first["submissionId"] = id;
        var other = Forms.Valid(Forms.UniqueEmail("paul"));
        other["submissionId"] = id;
        var a = await app.CaptureAsync(first.ToJsonString());
        var b = await app.CaptureAsync(other.ToJsonString());
        Assert.Equal((201, 201), (a.Status, b.Status));
        Assert.NotEqual(a.Json.GetProperty("receiptId").GetString(), b.Json.GetProperty("receiptId").GetString());
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
    public async Task A_retry_after_a_failure_between_the_two_partitions_finishes_the_same_receipt()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["subject"]!["phone"] = "06 12 34 56 78";
        var id = Guid.NewGuid().ToString();
        form["submissionId"] = id;
        var first = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, first.Status);
        var receiptId = first.Json.GetProperty("receiptId").GetString()!;
        ReceiptIds.TryParse(receiptId, out _, out var emailKey);

        // Simulate a crash after the email's transaction and before the phone's: remove the phone partition.
        var subjects = await app.TableAsync(TableNames.Subjects);
        var phoneRows = new List<TableEntity>();
        await foreach (var row in subjects.QueryAsync<TableEntity>(r => r.PartitionKey != emailKey))
        {
            phoneRows.Add(row);
        }
        Assert.NotEmpty(phoneRows);
        foreach (var row in phoneRows)
        {
            await subjects.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var retry = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(200, retry.Status);
        Assert.Equal(receiptId, retry.Json.GetProperty("receiptId").GetString());
        var restored = 0;
        await foreach (var _ in subjects.QueryAsync<TableEntity>(r => r.PartitionKey != emailKey))
        {
            restored++;
        }
        Assert.Equal(phoneRows.Count, restored);
    }
}
