using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Retention;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Events;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Tests.Unsubscribe;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Retention;

/// <summary>With a clock the test moves: what the sweep deletes, keeps, archives and reschedules.</summary>
public class RetentionSweepTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static async Task<string> CaptureAsync(FunctionTestApp app, string email, bool consent = true)
    {
        var form = Forms.Valid(email);
        form["consents"]![0]!["checked"] = consent;
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);
        await app.RelayAsync(); // the relay of the capture's events writes its retention index entry
        return answer.Json.GetProperty("receiptId").GetString()!;
    }

    private static Task<RetentionSummary> SweepAsync(FunctionTestApp app, bool dryRun = false, TimeSpan? budget = null)
        => app.Services.GetRequiredService<RetentionSweep>().RunAsync(dryRun, budget ?? TimeSpan.FromMinutes(1), CancellationToken.None);

    private static async Task<int> RowsOfAsync(FunctionTestApp app, string receiptId)
    {
        var subjects = await app.TableAsync(TableNames.Subjects);
        var count = 0;
        await foreach (var row in subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {receiptId[26..]}")))
        {
            count += row.RowKey.StartsWith("suppression|", StringComparison.Ordinal) ? 0 : 1;
        }
        return count;
    }

    private static async Task<string?> DecisionReasonAsync(FunctionTestApp app, string email)
    {
        var d = (await app.DecideAsync("email", "marketing", app.Time.GetUtcNow(), [DecisionCalls.Email(email)])).Json.GetProperty("decisions")[0];
        return d.GetProperty("allowed").GetBoolean() ? "allowed" : d.GetProperty("reason").GetString();
    }

    [Fact]
    public async Task A_prospect_collected_three_years_and_a_day_ago_is_deleted_and_one_a_day_younger_is_kept()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var old = await CaptureAsync(app, Forms.UniqueEmail("old"));
        app.Time.Advance(TimeSpan.FromDays(2));
        var young = await CaptureAsync(app, Forms.UniqueEmail("young"));
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));

        var summary = await SweepAsync(app);

        Assert.Equal(0, await RowsOfAsync(app, old));
        Assert.Equal(4, await RowsOfAsync(app, young));
        Assert.Equal(1, summary.SubjectsDeleted);
        Assert.True(summary.Finished);
    }

    [Fact]
    public async Task A_prospect_who_clicked_last_year_is_kept_and_rescheduled()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receipt = await CaptureAsync(app, email);
        var click = new JsonObject { ["subject"] = DecisionCalls.Email(email), ["kind"] = "prospect-contact", ["at"] = Start.AddYears(2).ToString("O") };
        app.Time.SetUtcNow(Start.AddYears(2));
        Assert.Equal(201, (await app.InteractAsync(click.ToJsonString())).Status);
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));

        var summary = await SweepAsync(app);

        Assert.Equal(4 + 1, await RowsOfAsync(app, receipt)); // the receipt's 4 rows and the click
        Assert.Equal(0, summary.SubjectsDeleted);
        Assert.Equal(1, summary.Rescheduled);
        // The index now says: look again when the click's three years are over.
        app.Time.SetUtcNow(Start.AddYears(5).AddDays(1));
        Assert.Equal(1, (await SweepAsync(app)).SubjectsDeleted);
        Assert.Equal(0, await RowsOfAsync(app, receipt));
    }

    [Fact]
    public async Task A_customer_whose_relationship_ended_three_years_ago_is_deleted()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receipt = await CaptureAsync(app, email);
        app.Time.SetUtcNow(Start.AddYears(1));
        foreach (var (kind, at) in new[] { ("customer-start", Start.AddMonths(1)), ("customer-end", Start.AddYears(1)) })
        {
            Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = DecisionCalls.Email(email), ["kind"] = kind, ["at"] = at.ToString("O") }.ToJsonString())).Status);
        }
        app.Time.SetUtcNow(Start.AddYears(4).AddDays(-1));
        await SweepAsync(app);
        Assert.NotEqual(0, await RowsOfAsync(app, receipt));

        app.Time.SetUtcNow(Start.AddYears(4).AddDays(1));
        await SweepAsync(app);
        Assert.Equal(0, await RowsOfAsync(app, receipt));
    }

    [Fact]
    public async Task The_suppression_entry_of_a_deleted_person_still_refuses_contact()
    {
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Retention:SuppressionYears"] = "3" });
        var email = Forms.UniqueEmail();
        var receipt = await CaptureAsync(app, email);
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(email))).Status);
        Assert.Equal(1, await app.DrainAsync());

        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));
        await SweepAsync(app);

        Assert.Equal(0, await RowsOfAsync(app, receipt));
        Assert.Equal("withdrawn", await DecisionReasonAsync(app, email));
        // ...until Retention:SuppressionYears after the objection.
        app.Time.SetUtcNow(Start.AddDays(30).AddYears(3).AddDays(1));
        Assert.Equal(1, (await SweepAsync(app)).SuppressionsDeleted);
        Assert.Equal("unknown-subject", await DecisionReasonAsync(app, email));
    }

    [Fact]
    public async Task A_suppression_entry_is_kept_past_its_years_while_it_holds_back_a_consent_of_a_customer()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        await CaptureAsync(app, email);
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = DecisionCalls.Email(email), ["kind"] = "customer-start", ["at"] = Start.ToString("O") }.ToJsonString())).Status);
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(email))).Status);
        await app.DrainAsync();

        // Years later the relationship still runs, so the data (and the consent given before the unsubscribe) is kept.
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(5));
        var summary = await SweepAsync(app);
        Assert.Equal(0, summary.SuppressionsDeleted);
        Assert.Equal("withdrawn", await DecisionReasonAsync(app, email));
    }

    [Fact]
    public async Task The_proof_of_an_expired_consent_is_archived_then_disappears_after_the_proof_period()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var withConsent = await CaptureAsync(app, Forms.UniqueEmail());
        var withoutConsent = await CaptureAsync(app, Forms.UniqueEmail(), consent: false);
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));
        var swept = await SweepAsync(app);
        Assert.Equal(1, swept.ProofsArchived);

        var archived = await app.ReceiptAsync(withConsent);
        Assert.Equal(200, archived.Status);
        Assert.True(archived.Json.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(Forms.MarketingWording, archived.Json.GetProperty("receipt").GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.False(string.IsNullOrEmpty(archived.Json.GetProperty("archivedAt").GetString()));
        Assert.Equal(404, (await app.ReceiptAsync(withoutConsent)).Status);

        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1).AddYears(5).AddDays(-1));
        Assert.Equal(0, (await SweepAsync(app)).ArchivedProofsDeleted);
        Assert.Equal(200, (await app.ReceiptAsync(withConsent)).Status);
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1).AddYears(5).AddDays(1));
        Assert.Equal(1, (await SweepAsync(app)).ArchivedProofsDeleted);
        Assert.Equal(404, (await app.ReceiptAsync(withConsent)).Status);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_and_reports_what_the_real_run_then_does()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await CaptureAsync(app, Forms.UniqueEmail());
        }
        app.Time.Advance(TimeSpan.FromDays(400));
        await CaptureAsync(app, Forms.UniqueEmail("later"));
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));
        var before = await app.CountAllRowsAsync();

        var dry = await SweepAsync(app, dryRun: true);
        Assert.Equal(before + 1, await app.CountAllRowsAsync()); // only the dry run's own summary
        var real = await SweepAsync(app);

        Assert.True(dry.DryRun);
        Assert.Equal(3, dry.SubjectsDeleted);
        Assert.Equal((dry.Candidates, dry.SubjectsDeleted, dry.RowsDeleted, dry.ProofsArchived, dry.Rescheduled),
            (real.Candidates, real.SubjectsDeleted, real.RowsDeleted, real.ProofsArchived, real.Rescheduled));
    }

    [Fact]
    public async Task Two_overlapping_runs_delete_each_person_once()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var receipts = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            receipts.Add(await CaptureAsync(app, Forms.UniqueEmail()));
        }
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));

        var runs = await Task.WhenAll(SweepAsync(app), SweepAsync(app));

        Assert.Equal(12, runs.Sum(r => r.SubjectsDeleted));
        Assert.Equal(12, runs.Sum(r => r.ProofsArchived));
        foreach (var receipt in receipts)
        {
            Assert.Equal(0, await RowsOfAsync(app, receipt));
        }
        Assert.Equal(0, (await SweepAsync(app)).Candidates);
    }

    [Fact]
    public async Task A_run_out_of_time_stops_and_the_next_one_resumes()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var receipt = await CaptureAsync(app, Forms.UniqueEmail());
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));

        var stopped = await SweepAsync(app, budget: TimeSpan.FromTicks(-1));
        Assert.False(stopped.Finished);
        Assert.Equal(0, stopped.SubjectsDeleted);
        Assert.NotEqual(0, await RowsOfAsync(app, receipt));

        var resumed = await SweepAsync(app);
        Assert.True(resumed.Finished);
        Assert.Equal(1, resumed.SubjectsDeleted);
    }

    [Fact]
    public async Task Breach_records_are_never_touched()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var breaches = await app.TableAsync(TableNames.Breaches);
        await breaches.AddEntityAsync(new TableEntity("register", "b1") { ["Nature"] = "test" });
        app.Time.SetUtcNow(Start.AddYears(30));
        await SweepAsync(app);
        Assert.True((await breaches.GetEntityIfExistsAsync<TableEntity>("register", "b1")).HasValue);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_with_counts_only()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        await CaptureAsync(app, email);
        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));

        var run = app.Request("POST", (byte[]?)null, null);
        run.QueryString = new Microsoft.AspNetCore.Http.QueryString("?dryRun=true");
        var dry = await FunctionTestApp.AnswerAsync(run, await app.Function<RetentionFunctions>().RunNow(run));
        Assert.Equal(200, dry.Status);
        Assert.True(dry.Json.GetProperty("dryRun").GetBoolean());
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var real = app.Request("POST", (byte[]?)null, null);
        Assert.Equal(200, (await FunctionTestApp.AnswerAsync(real, await app.Function<RetentionFunctions>().RunNow(real))).Status);

        var list = app.Request("GET", (byte[]?)null, null);
        var runs = await FunctionTestApp.AnswerAsync(list, await app.Function<RetentionFunctions>().ListRuns(list));
        var items = runs.Json.GetProperty("runs");
        Assert.Equal(2, items.GetArrayLength());
        Assert.False(items[0].GetProperty("dryRun").GetBoolean());
        Assert.True(items[1].GetProperty("dryRun").GetBoolean());
        Assert.DoesNotContain(email, runs.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_dry_run_flag_that_is_not_a_boolean_is_refused()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var run = app.Request("POST", (byte[]?)null, null);
        run.QueryString = new Microsoft.AspNetCore.Http.QueryString("?dryRun=maybe");
        (await FunctionTestApp.AnswerAsync(run, await app.Function<RetentionFunctions>().RunNow(run))).AssertProblem(400, "dryRun");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task The_proof_of_a_withdrawn_consent_is_kept_proof_years_from_the_withdrawal_not_from_the_deletion()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var receipt = await CaptureAsync(app, email);
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(202, (await app.UnsubscribeAsync("POST", await app.TokenAsync(email))).Status);
        Assert.Equal(1, await app.DrainAsync());
        var withdrawnAt = app.Time.GetUtcNow();

        app.Time.SetUtcNow(Start.AddYears(3).AddDays(1));
        Assert.Equal(1, (await SweepAsync(app)).ProofsArchived);

        var archived = (await app.ReceiptAsync(receipt)).Json;
        Assert.Equal(withdrawnAt.AddYears(5), archived.GetProperty("deleteAfter").GetDateTimeOffset());
    }
}
