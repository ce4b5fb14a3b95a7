using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Infrastructure;
using static ConsentFunctions.Tests.Decisions.DecisionCalls;

namespace ConsentFunctions.Tests.Calling;

/// <summary>
/// The calling-hours decree (RULES.md rule 17) over HTTP: a dialer asks, and is told no with the
/// first moment when yes. The test app's clock is 2026-11-30 10:00 UTC, a Monday.
/// </summary>
public class TelephoneDecisionTests
{
    private const string PhoneNumber = "+33612345678";

    private static async Task<FunctionTestApp> ConsentedConsumerAsync(string? timeZone = null)
    {
        var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["subject"]!["phone"] = PhoneNumber;
        if (timeZone is not null)
        {
            form["subject"]!["timeZone"] = timeZone;
        }
        form["consents"]![0]!["channel"] = "phone";
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        return app;
    }

    private static async Task<JsonElement> CallDecisionAsync(FunctionTestApp app, DateTimeOffset at, string? audience = null, string channel = "phone")
    {
        var answer = await app.DecideAsync(channel, "marketing", at, [Phone(PhoneNumber)], b => { if (audience is not null) { b["audience"] = audience; } });
        Assert.Equal(200, answer.Status);
        return answer.Json.GetProperty("decisions")[0];
    }

    private static DateTimeOffset Paris(int year, int month, int day, int hour, int minute = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static async Task AssertRefusedUntilAsync(FunctionTestApp app, DateTimeOffset at, string reason)
    {
        var refused = await CallDecisionAsync(app, at);
        Assert.False(refused.GetProperty("allowed").GetBoolean());
        Assert.Equal(reason, refused.GetProperty("reason").GetString());
        Assert.Equal(17, refused.GetProperty("rule").GetInt32());
        var next = refused.GetProperty("nextAllowedAt").GetDateTimeOffset();
        Assert.True(next > at);
        Assert.True((await CallDecisionAsync(app, next)).GetProperty("allowed").GetBoolean(), "allowed at nextAllowedAt");
        Assert.False((await CallDecisionAsync(app, next.AddMinutes(-1))).GetProperty("allowed").GetBoolean(), "refused a minute before");
    }

    [Fact]
    public async Task A_consented_consumer_may_be_called_on_a_weekday_at_11_in_Paris()
    {
        await using var app = await ConsentedConsumerAsync();
        var d = await CallDecisionAsync(app, Paris(2026, 12, 1, 11));
        Assert.True(d.GetProperty("allowed").GetBoolean());
        Assert.Equal("consent", d.GetProperty("basis").GetString());
    }

    [Theory]
    [InlineData(2026, 12, 1, 13, 30)] // lunch
    [InlineData(2026, 12, 1, 20, 30)] // evening
    [InlineData(2026, 12, 6, 11, 0)] // a Sunday
    [InlineData(2026, 12, 25, 11, 0)] // Christmas
    [InlineData(2027, 3, 29, 11, 0)] // Easter Monday 2027
    [InlineData(2027, 5, 6, 11, 0)] // Ascension 2027
    public async Task Outside_the_calling_hours_the_answer_is_no_with_the_next_allowed_moment(int year, int month, int day, int hour, int minute)
    {
        await using var app = await ConsentedConsumerAsync();
        await AssertRefusedUntilAsync(app, Paris(year, month, day, hour, minute), "outside-calling-hours");
    }

    [Fact]
    public async Task After_four_attempts_within_thirty_days_the_fifth_waits_for_the_window_to_slide()
    {
        await using var app = await ConsentedConsumerAsync();
        var records = new JsonArray();
        foreach (var day in new[] { 1, 2, 3, 4 })
        {
            records.Add(new JsonObject { ["subject"] = Phone(PhoneNumber), ["kind"] = "call-attempt", ["at"] = $"2026-11-{day:D2}T10:30:00Z" });
        }
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["records"] = records }.ToJsonString())).Status);
        await AssertRefusedUntilAsync(app, Paris(2026, 11, 30, 11), "call-frequency");
    }

    [Fact]
    public async Task Within_sixty_days_of_a_refusal_during_a_call_the_answer_is_no()
    {
        await using var app = await ConsentedConsumerAsync();
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["subject"] = Phone(PhoneNumber), ["kind"] = "call-refused", ["at"] = "2026-11-30T09:00:00Z" }.ToJsonString())).Status);
        await AssertRefusedUntilAsync(app, Paris(2026, 12, 15, 11), "refused-on-call");
    }

    [Fact]
    public async Task A_consumer_in_Martinique_is_judged_in_their_own_hours()
    {
        await using var app = await ConsentedConsumerAsync("America/Martinique");
        // 16:00 in Paris is 11:00 in Martinique: allowed; 11:00 in Paris is 06:00 there: not.
        Assert.True((await CallDecisionAsync(app, Paris(2026, 12, 1, 16))).GetProperty("allowed").GetBoolean());
        await AssertRefusedUntilAsync(app, Paris(2026, 12, 1, 11), "outside-calling-hours");
    }

    [Fact]
    public async Task Professionals_and_post_are_not_bound_by_the_decree()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["subject"]!["phone"] = PhoneNumber;
        form["audience"] = "professional";
        form["consents"]![0]!["channel"] = "phone";
        form["consents"]![1]!["channel"] = "postal";
        form["consents"]![1]!["purpose"] = "marketing";
        form["consents"]![1]!["mode"] = "opt-out";
        Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
        var sunday = Paris(2026, 12, 6, 22);
        Assert.True((await CallDecisionAsync(app, sunday, "professional")).GetProperty("allowed").GetBoolean());
        Assert.True((await CallDecisionAsync(app, sunday, "professional", channel: "postal")).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Call_records_are_swept_once_the_sixty_days_the_rules_need_are_past()
    {
        await using var app = await ConsentedConsumerAsync();
        Assert.Equal(201, (await app.InteractAsync(new JsonObject { ["records"] = new JsonArray(
            new JsonObject { ["subject"] = Phone(PhoneNumber), ["kind"] = "call-attempt", ["at"] = "2026-11-30T09:00:00Z" },
            new JsonObject { ["subject"] = Phone(PhoneNumber), ["kind"] = "call-refused", ["at"] = "2026-11-30T09:05:00Z" }) }.ToJsonString())).Status);
        var sweep = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Retention.RetentionSweep>(app.Services);

        app.Time.Advance(TimeSpan.FromDays(30));
        await sweep.RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(2, await CallRowsAsync(app)); // not due yet

        app.Time.Advance(TimeSpan.FromDays(32));
        var summary = await sweep.RunAsync(dryRun: false, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(0, await CallRowsAsync(app));
        Assert.Equal(2, summary.RowsDeleted);
        Assert.True((await CallDecisionAsync(app, Paris(2027, 2, 1, 11))).GetProperty("allowed").GetBoolean());
    }

    private static async Task<int> CallRowsAsync(FunctionTestApp app)
    {
        var table = await app.TableAsync(Core.Storage.TableNames.Subjects);
        var count = 0;
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(r => r.RowKey.CompareTo("interaction|") >= 0 && r.RowKey.CompareTo("interaction}") < 0))
        {
            count += row.GetString("Kind").StartsWith("call-", StringComparison.Ordinal) ? 1 : 0;
        }
        return count;
    }

    public static TheoryData<string, string> BadRecords => new()
    {
        { """{"subject":{"phone":"+33612345678"},"kind":"call-attempt","at":"2026-12-30T10:00:00Z"}""", "at" },
        { """{"subject":{"email":"a@example.fr"},"kind":"call-attempt","at":"2026-11-30T09:00:00Z"}""", "subject.phone" },
        { "{\"records\":[" + string.Join(",", Enumerable.Repeat("""{"subject":{"phone":"+33612345678"},"kind":"call-attempt","at":"2026-11-30T09:00:00Z"}""", 1001)) + "]}", "records" },
        { """{"records":[{"subject":{"phone":"+33612345678"},"kind":"call-attempt","at":"2026-11-30T09:00:00Z"},{"kind":"call-refused"}]}""", "records[1].subject" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_bad_call_record_is_refused_and_nothing_is_stored(string body, string path)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.InteractAsync(body)).AssertProblem(400, path);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_unknown_time_zone_on_a_form_is_refused_and_nothing_is_stored()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var form = Forms.Valid(Forms.UniqueEmail());
        form["subject"]!["timeZone"] = "Europe/Atlantis";
        (await app.CaptureAsync(form.ToJsonString())).AssertProblem(400, "subject.timeZone");
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Fact]
    public async Task An_unknown_default_time_zone_stops_the_app_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["Rules:DefaultTimeZone"] = "Mars/Olympus" }));
        Assert.Contains("DefaultTimeZone", error.Message, StringComparison.Ordinal);
    }
}
