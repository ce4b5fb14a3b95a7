using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Subjects;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Events;

/// <summary>
/// A rectification is told to every destination (GDPR art. 19): which fields changed, to all; the
/// new values, with the identifiers, only to HTTPS destinations that take identifiers.
/// </summary>
public class RectifiedEventTests
{
    private static async Task<FunctionTestApp> AppAsync(EventReceiver receiver)
    {
        var settings = EventCalls.Settings(receiver, ("crm", "/ok"));
        settings["Events:Destinations:1:Name"] = "mailer";
        settings["Events:Destinations:1:Url"] = "https://hooks.mailer.example/consent";
        settings["Events:Destinations:1:Secret"] = EventCalls.Secret;
        settings["Events:Destinations:1:IncludeIdentifiers"] = "true";
        settings["Events:Destinations:1:Types"] = "fr.consent.rectified";
        return await FunctionTestApp.CreateAsync(settings);
    }

    private static async Task<HttpAnswer> RectifyAsync(FunctionTestApp app, JsonObject body)
    {
        var request = app.Request("POST", body.ToJsonString());
        return await FunctionTestApp.AnswerAsync(request, await app.Function<SubjectRightsFunctions>().Rectify(request));
    }

    [Fact]
    public async Task A_rectification_is_one_event_naming_the_fields_with_the_new_values_only_for_destinations_taking_identifiers()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var app = await AppAsync(receiver);
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        await app.RelayAsync();
        await app.DeliverAsync();
        var before = receiver.At("/ok").Count;
        app.Time.Advance(TimeSpan.FromMinutes(1));

        var answer = await RectifyAsync(app, new JsonObject { ["subject"] = DecisionCalls.Email(email), ["lastName"] = "Martin-Durand", ["customerId"] = "C-1042" });
        Assert.Equal(200, answer.Status);

        // Acknowledged means its event is stored: the outbox row is in the person's partition already.
        var key = app.Services.GetRequiredService<SubjectKeyHasher>().ForEmail(email);
        var subjects = await app.TableAsync(TableNames.Subjects);
        Assert.Single(subjects.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}")), SubjectPartition.IsRelay);

        await app.RelayAsync();
        var deliveries = (await app.PeekAsync(QueueNames.ConsentDeliveries)).Select(DeliveryMessage.Parse).ToList();
        var mailer = ConsentEvent.Parse(Assert.Single(deliveries, d => d.Destination == "mailer").Body);
        Assert.Equal(ConsentEventTypes.Rectified, mailer.Type);
        Assert.Equal(app.Time.GetUtcNow(), mailer.Time);
        Assert.Equal(["lastName", "customerId"], mailer.Data.Fields);
        Assert.Equal(new Dictionary<string, string> { ["lastName"] = "Martin-Durand", ["customerId"] = "C-1042" }, mailer.Data.Corrected);
        Assert.Equal(email, mailer.Data.Email);

        var crm = Assert.Single(deliveries, d => d.Destination == "crm");
        Assert.DoesNotContain("Martin-Durand", crm.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(email, crm.Body, StringComparison.Ordinal);
        var crmEvent = ConsentEvent.Parse(crm.Body);
        Assert.Equal((ConsentEventTypes.Rectified, key, "*", "*"), (crmEvent.Type, crmEvent.Subject, crmEvent.Data.Channel, crmEvent.Data.Purpose));
        Assert.Equal(["lastName", "customerId"], crmEvent.Data.Fields);
        Assert.Null(crmEvent.Data.Corrected);
        Assert.Equal(mailer.Id, crmEvent.Id);

        // The log keeps no value either, and the row is gone once relayed.
        var log = await app.TableAsync(TableNames.ConsentEvents);
        Assert.All(log.Query<TableEntity>(), r => Assert.DoesNotContain("Martin-Durand", r.GetString("Event"), StringComparison.Ordinal));
        Assert.DoesNotContain(subjects.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}")), SubjectPartition.IsRelay);
        await app.DeliverAsync();
        Assert.Equal(ConsentEventTypes.Rectified, Assert.Single(receiver.At("/ok").Skip(before).DistinctBy(r => r.Event().Id)).Event().Type);
    }

    [Fact]
    public async Task Events_other_than_a_rectification_carry_no_fields_member()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var app = await AppAsync(receiver);
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString())).Status);
        await app.RelayAsync();
        var crm = (await app.PeekAsync(QueueNames.ConsentDeliveries)).Select(DeliveryMessage.Parse).Where(d => d.Destination == "crm").ToList();
        Assert.Equal(2, crm.Count);
        Assert.All(crm, d => Assert.DoesNotContain("\"fields\"", d.Body, StringComparison.Ordinal));
        Assert.All(crm, d => Assert.DoesNotContain("\"corrected\"", d.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rectifying_someone_unknown_writes_no_event()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var app = await AppAsync(receiver);
        var answer = await RectifyAsync(app, new JsonObject { ["subject"] = DecisionCalls.Email(Forms.UniqueEmail()), ["firstName"] = "Zoé" });
        Assert.Equal(404, answer.Status);
        Assert.Equal(0, await app.RelayAsync());
    }
}
