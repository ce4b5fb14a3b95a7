using Azure.Data.Tables;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Tests.DoubleOptIn;
using ConsentFunctions.Tests.Events;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Retention;

/// <summary>
/// Where a capture's retention index entries are written: in its outbox row, scheduled by the relay
/// of its events, so that the capture costs two storage round trips (its transaction, the queue message).
/// </summary>
public class RetentionScheduleTests
{
    private static async Task<List<TableEntity>> IndexEntriesAsync(FunctionTestApp app, string subjectKey)
    {
        var index = await app.TableAsync(TableNames.RetentionIndex);
        var entries = new List<TableEntity>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"SubjectKey eq {subjectKey}")))
        {
            entries.Add(row);
        }
        return entries;
    }

    private static async Task<(string SubjectKey, DateTimeOffset RecordedAt)> CaptureAsync(FunctionTestApp app, bool preTicked = false)
    {
        var form = Forms.Valid(Forms.UniqueEmail());
        foreach (var box in form["consents"]!.AsArray())
        {
            box!["checked"] = true;
            box["checkedByDefault"] = preTicked;
        }
        var answer = await app.CaptureAsync(form.ToJsonString());
        Assert.Equal(201, answer.Status);
        var receiptId = answer.Json.GetProperty("receiptId").GetString()!;
        return (receiptId[26..], answer.Json.GetProperty("recordedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_capture_s_index_entry_travels_in_its_outbox_row_and_the_relay_writes_it_before_removing_the_row()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var (subjectKey, recordedAt) = await CaptureAsync(app);
        var subjects = await app.TableAsync(TableNames.Subjects);
        var relay = await subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey}")).Where(SubjectPartition.IsRelay).SingleAsync();
        var carried = DeferredSchedule.ReadFrom(relay);
        Assert.NotNull(carried);
        Assert.Equal([new DueEntry(DueKinds.Subject, subjectKey)], carried.Entries);
        Assert.Empty(await IndexEntriesAsync(app, subjectKey));

        Assert.Equal(1, await app.RelayAsync());

        var entry = Assert.Single(await IndexEntriesAsync(app, subjectKey));
        Assert.Equal((DueKinds.Subject, recordedAt.AddYears(3)), (entry.GetString("Kind"), entry.GetDateTimeOffset("DueAt")!.Value));
        Assert.False(await subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subjectKey}")).AnyAsync(SubjectPartition.IsRelay));
    }

    [Fact]
    public async Task A_capture_with_no_act_still_has_an_outbox_row_for_its_index_entry()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var (subjectKey, recordedAt) = await CaptureAsync(app, preTicked: true); // every box invalid: no act, no event
        Assert.Empty(await IndexEntriesAsync(app, subjectKey));

        Assert.Equal(1, await app.RelayAsync());

        var entry = Assert.Single(await IndexEntriesAsync(app, subjectKey));
        Assert.Equal(recordedAt.AddYears(3), entry.GetDateTimeOffset("DueAt"));
        Assert.Empty(await app.LoggedTypesAsync(receiptId: "")); // nothing logged: no act
    }

    [Fact]
    public async Task An_outbox_row_written_before_entries_travelled_with_it_is_relayed_as_before()
    {
        // Rows of the previous version carry no DueAt/DueEntries: their capture had written the index entry itself.
        await using var app = await FunctionTestApp.CreateAsync();
        var subjectKey = new string('b', 64);
        var events = new List<PendingEvent> { new("old-act-0", ConsentEventTypes.Given, app.Time.GetUtcNow(), "email", "marketing", null, "newsletter-footer", null) };
        var row = EventOutbox.Row(subjectKey, "old-act", events, app.Time.GetUtcNow());
        Assert.Null(DeferredSchedule.ReadFrom(row));
        var subjects = await app.TableAsync(TableNames.Subjects);
        await subjects.AddEntityAsync(row);
        var queue = await app.QueueAsync(QueueNames.ConsentEvents);
        await queue.SendMessageAsync(new OutboxMessage(subjectKey, row.RowKey).ToJson());

        Assert.Equal(1, await app.RelayAsync());

        Assert.Empty(await IndexEntriesAsync(app, subjectKey));
        Assert.False((await subjects.GetEntityIfExistsAsync<TableEntity>(subjectKey, row.RowKey)).HasValue);
        Assert.Contains(ConsentEventTypes.Given, await app.LoggedTypesAsync("old-act"));
    }
}
