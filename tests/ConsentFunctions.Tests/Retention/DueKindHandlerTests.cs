using System.Reflection;
using Azure.Data.Tables;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Retention;

/// <summary>
/// Every kind of due entry the app writes has exactly one handler; an entry of a kind this version
/// does not know (written by a newer version during a deployment) is kept for a later run, never
/// dropped, since dropping it would keep its data past its limit.
/// </summary>
public class DueKindHandlerTests
{
    [Fact]
    public async Task Every_due_kind_has_exactly_one_handler_in_the_app()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var kinds = typeof(DueKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var handled = app.Services.GetServices<IDueEntryHandler>().Select(h => h.Kind).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(6, kinds.Count);
        Assert.Equal(kinds, handled);
    }

    [Fact]
    public async Task An_entry_of_a_kind_this_version_does_not_know_waits_a_day_and_is_not_dropped()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var today = app.Time.GetUtcNow();
        var entry = new DueEntry("kind-of-a-later-version", "subject-of-a-later-version");
        await app.Services.GetRequiredService<RetentionIndex>().ScheduleAsync([entry], today.AddDays(-1), CancellationToken.None);

        var dry = await SweepAsync(app, dryRun: true);
        var real = await SweepAsync(app, dryRun: false);

        Assert.Equal(1, dry.Rescheduled);
        Assert.Equal(1, real.Rescheduled);
        var index = await app.TableAsync(TableNames.RetentionIndex);
        var bucket = RetentionIndex.BucketOf(entry.SubjectKey);
        Assert.False((await index.GetEntityIfExistsAsync<TableEntity>(RetentionIndex.PartitionOf(bucket, today.AddDays(-1)), RetentionIndex.RowOf(entry))).HasValue);
        Assert.True((await index.GetEntityIfExistsAsync<TableEntity>(RetentionIndex.PartitionOf(bucket, today.AddDays(1)), RetentionIndex.RowOf(entry))).HasValue);
    }

    private static Task<RetentionSummary> SweepAsync(FunctionTestApp app, bool dryRun)
        => app.Services.GetRequiredService<RetentionSweep>().RunAsync(dryRun, TimeSpan.FromMinutes(1), CancellationToken.None);
}
