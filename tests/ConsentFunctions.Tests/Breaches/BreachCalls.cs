using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsentFunctions.Breaches;
using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>Calls of the breach functions as their triggers make them, and what the tests read back.</summary>
public static class BreachCalls
{
    public const string DpoEmail = "dpo.contact-7f3a@example.fr";
    public const string Nature = "Un ordinateur portable contenant un export des consentements a été volé.";

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A complete, valid body of POST /api/breaches.</summary>
    public static JsonObject Breach(DateTimeOffset awareAt, string riskLevel = "risk")
        => new()
        {
            ["awareAt"] = Iso(awareAt),
            ["occurredAt"] = Iso(awareAt.AddHours(-6)),
            ["nature"] = Nature,
            ["categoriesOfPeople"] = new JsonArray("customers", "prospects"),
            ["approximatePeople"] = 1200,
            ["categoriesOfRecords"] = new JsonArray("email addresses", "consent receipts"),
            ["approximateRecords"] = 3400,
            ["likelyConsequences"] = "Unsolicited messages; phishing attempts using the shop's name.",
            ["measures"] = "Remote wipe requested; passwords of the export tool changed.",
            ["dpoContact"] = new JsonObject { ["name"] = "Claire Dubois", ["email"] = DpoEmail, ["phone"] = "+33 1 23 45 67 89" },
            ["riskLevel"] = riskLevel,
        };

    public static Task<HttpAnswer> OpenBreachAsync(this FunctionTestApp app, string body, string contentType = "application/json")
        => app.CallAsync("POST", body, contentType, (f, r) => f.Open(r));

    /// <summary>Opens a breach and answers its id (the call must succeed).</summary>
    public static async Task<string> OpenBreachAsync(this FunctionTestApp app, DateTimeOffset awareAt, string riskLevel = "risk")
    {
        var answer = await app.OpenBreachAsync(Breach(awareAt, riskLevel).ToJsonString());
        Assert.True(answer.Status == 201, answer.Body);
        return answer.Json.GetProperty("id").GetString()!;
    }

    public static Task<HttpAnswer> UpdateBreachAsync(this FunctionTestApp app, string id, string body, string contentType = "application/json")
        => app.CallAsync("PATCH", body, contentType, (f, r) => f.Update(r, id));

    public static Task<HttpAnswer> NotifyBreachAsync(this FunctionTestApp app, string id, string body)
        => app.CallAsync("POST", body, "application/json", (f, r) => f.Notify(r, id));

    public static Task<HttpAnswer> NotifyBreachAsync(this FunctionTestApp app, string id, DateTimeOffset notifiedAt, string? delayReason = null)
        => app.NotifyBreachAsync(id, new JsonObject
        {
            ["notifiedAt"] = Iso(notifiedAt), ["reference"] = "CNIL-2026-000123", ["delayReason"] = delayReason,
        }.ToJsonString());

    public static Task<HttpAnswer> DecideBreachAsync(this FunctionTestApp app, string id, string body)
        => app.CallAsync("POST", body, "application/json", (f, r) => f.Decide(r, id));

    public static Task<HttpAnswer> GetBreachAsync(this FunctionTestApp app, string id)
        => app.CallAsync("GET", null, null, (f, r) => f.Get(r, id));

    public static Task<HttpAnswer> ListBreachesAsync(this FunctionTestApp app, string query = "")
        => app.CallAsync("GET", null, null, (f, r) =>
        {
            r.QueryString = new QueryString(query);
            return f.List(r);
        });

    /// <summary>One run of the timer-triggered watch, as the host fires it.</summary>
    public static Task RunWatchAsync(this FunctionTestApp app) => app.Function<BreachWatchFunction>().Run(new TimerInfo());

    /// <summary>
    /// Receives and deletes every message on queue breach-alerts, and answers those of this breach.
    /// The queue is shared by the test run, so the tests that run the watch are one collection.
    /// </summary>
    public static async Task<List<BreachAlert>> DrainAlertsAsync(this FunctionTestApp app, string breachId)
    {
        var queue = await app.Services.GetRequiredService<ConsentQueues>().GetAsync(QueueNames.BreachAlerts);
        var alerts = new List<BreachAlert>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(maxMessages: 32)).Value;
            if (messages.Length == 0)
            {
                return alerts;
            }
            foreach (var message in messages)
            {
                var alert = JsonSerializer.Deserialize<BreachAlert>(message.Body.ToString(), Core.Json.JsonDefaults.Options)!;
                if (alert.BreachId == breachId)
                {
                    alerts.Add(alert);
                }
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>Every row of every table with its ETag: what "nothing changed" is checked against.</summary>
    public static async Task<List<string>> SnapshotAsync(this FunctionTestApp app)
    {
        var rows = new List<string>();
        foreach (var name in TableNames.All)
        {
            var table = await app.TableAsync(name);
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                rows.Add($"{name}/{entity.PartitionKey}/{entity.RowKey}/{entity.ETag}");
            }
        }
        return rows;
    }

    private static async Task<HttpAnswer> CallAsync(this FunctionTestApp app, string method, string? body, string? contentType,
        Func<BreachFunctions, HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var request = app.Request(method, body, contentType);
        return await FunctionTestApp.AnswerAsync(request, await call(app.Function<BreachFunctions>(), request));
    }
}
