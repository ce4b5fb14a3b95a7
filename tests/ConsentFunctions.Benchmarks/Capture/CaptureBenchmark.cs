using ConsentFunctions.Core.Subjects;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ConsentFunctions.Core.Events;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Benchmarks.Capture;

/// <summary>
/// Issues 2 and 12: the capture endpoint through the local host at load steps of concurrency 1, 8,
/// 32, 64 and 128, each against the same storage writes done directly with a TableClient (the
/// floor no endpoint can beat) at the same concurrency, and where the knee is.
/// </summary>
public static class CaptureBenchmark
{
    public static readonly int[] Steps = [1, 8, 32, 64, 128];

    public static async Task<string> RunAsync(LocalHostApp host, int count)
        => Report(await MeasureAsync(host, count));

    private static async Task<IReadOnlyList<Measurement>> MeasureAsync(LocalHostApp host, int count)
    {
        var roundTrips = host.App.Services.GetRequiredService<StorageRoundTrips>();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = host.BaseAddress };
        var results = new List<Measurement>();

        // Warm-up: JIT, table creation, connection pools.
        for (var i = 0; i < 50; i++)
        {
            await PostAsync(client, Body(i, withSubmissionId: false));
        }

        var table = await host.App.Services.GetRequiredService<ConsentTables>().GetAsync(TableNames.Subjects);
        var events = await host.App.Services.GetRequiredService<ConsentQueues>().GetAsync(QueueNames.ConsentEvents);
        var seed = 0;
        foreach (var concurrency in Steps)
        {
            // Endpoint, direct, direct, endpoint: Azurite slows as it fills, and this order cancels that drift.
            Task<Measurement> Endpoint() => Measurement.RunAsync("POST /api/consents (local host)", concurrency, count / 2,
                _ => PostAsync(client, Body(Interlocked.Increment(ref seed), withSubmissionId: false)), () => roundTrips.Count);
            Task<Measurement> Direct() => Measurement.RunAsync("same writes (transaction + queue message), SDK clients direct", concurrency, count / 2,
                _ => DirectWriteAsync(table, events, Interlocked.Increment(ref seed)), () => roundTrips.Count);
            var e1 = await Endpoint();
            var d1 = await Direct();
            var d2 = await Direct();
            var e2 = await Endpoint();
            results.Add(Measurement.Merge(e1, e2));
            results.Add(Measurement.Merge(d1, d2));
        }
        results.Add(await Measurement.RunAsync("POST /api/consents with submissionId", 32, count,
            _ => PostAsync(client, Body(Interlocked.Increment(ref seed), withSubmissionId: true)), () => roundTrips.Count));
        return results;
    }

    private static async Task PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/consents", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Capture answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    // The same writes a capture makes, built by the same code: the receipt, two facts, the profile
    // and the outbox row of its events (carrying its retention index entry) in one transaction,
    // then the queue message that wakes the relay.
    private static async Task DirectWriteAsync(TableClient table, QueueClient events, int i)
    {
        var subjectKey = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)).AsSpan(0, 16));
        var now = DateTimeOffset.UtcNow;
        var receiptId = ReceiptIds.New(now, subjectKey);
        ReceiptIds.TryParse(receiptId, out var ulid, out _);
        var consents = new[]
        {
            new ConsentRecord(0, "marketing", "email", Wording, WordingHash.Sha256Hex(Wording), "form", true, false, false, null, null, null, null, "given", null),
            new ConsentRecord(1, "partner-sharing", "email", PartnerWording, WordingHash.Sha256Hex(PartnerWording), "form", false, false, false, null, null, null, ["Acme SAS", "Librairie Dupont SARL"], "refused", null),
        };
        var document = new ReceiptDocument(receiptId, null, now,
            new SubjectIdentity($"person{i}@example.fr", null, "Jeanne", "Martin", null), "consumer",
            new FormInfo("newsletter-footer", "https://shop.example.fr/", "fr-FR"), new SourceInfo("form", null), consents,
            new CaptureContext(null, null, "bench", "127.0.0.0/24", "application/json"));
        var actions = SubjectPartition.SubmissionRows(subjectKey, ulid, document);
        var relay = EventOutbox.Row(subjectKey, ulid, consents.Select(c => new PendingEvent(EventIds.ForBox(receiptId, c.Index),
            ConsentEventTypes.OfStatus(c.Status)!, now, c.Channel, c.Purpose, receiptId, "newsletter-footer")).ToList(), now);
        new DeferredSchedule(now.AddYears(3), [new DueEntry(DueKinds.Subject, subjectKey)]).WriteTo(relay);
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, relay));
        await table.SubmitTransactionAsync(actions);
        await events.SendMessageAsync(new OutboxMessage(subjectKey, relay.RowKey).ToJson());
    }

    private const string Wording = "J'accepte de recevoir par e-mail les offres commerciales de Boutique Exemple.";
    private const string PartnerWording = "J'accepte que mes coordonnées soient transmises aux partenaires listés ci-dessous.";

    private static string Body(int i, bool withSubmissionId)
    {
        var body = new JsonObject
        {
            ["subject"] = new JsonObject { ["email"] = $"person{i}@example.fr", ["firstName"] = "Jeanne", ["lastName"] = "Martin" },
            ["audience"] = "consumer",
            ["form"] = new JsonObject { ["id"] = "newsletter-footer", ["url"] = "https://shop.example.fr/", ["language"] = "fr-FR" },
            ["consents"] = new JsonArray
            {
                new JsonObject { ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = Wording, ["checked"] = true, ["checkedByDefault"] = false },
                new JsonObject
                {
                    ["purpose"] = "partner-sharing", ["channel"] = "email", ["wording"] = PartnerWording, ["checked"] = false,
                    ["checkedByDefault"] = false, ["partners"] = new JsonArray("Acme SAS", "Librairie Dupont SARL"),
                },
            },
        };
        if (withSubmissionId)
        {
            body["submissionId"] = Guid.NewGuid().ToString();
        }
        return body.ToJsonString();
    }

    private static string Report(IReadOnlyList<Measurement> results)
    {
        var report = new System.Text.StringBuilder();
        report.AppendLine("| measurement | concurrency | requests | req/s | p50 ms | p99 ms | storage round trips / op |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in results)
        {
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| {m.Name} | {m.Concurrency} | {m.Count} | {m.RequestsPerSecond:F0} | {m.P50:F2} | {m.P99:F2} | {m.RoundTripsPerOperation:F2} |");
        }
        report.AppendLine();
        foreach (var concurrency in Steps)
        {
            var endpoint = results.First(r => r.Concurrency == concurrency && r.Name.Contains("local host", StringComparison.Ordinal));
            var direct = results.First(r => r.Concurrency == concurrency && r.Name.Contains("direct", StringComparison.Ordinal));
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"- concurrency {concurrency}: endpoint/direct p50 ratio {endpoint.P50 / direct.P50:F2}, throughput ratio {direct.RequestsPerSecond / endpoint.RequestsPerSecond:F2} (direct req/s ÷ endpoint req/s)");
        }
        report.AppendLine();
        report.AppendLine(Knee(results, "local host", "endpoint"));
        report.AppendLine(Knee(results, "direct", "direct floor"));
        return report.ToString();
    }

    // The knee: the lowest load step past which throughput gains less than 10% while latency keeps
    // growing, i.e. where more concurrency only queues.
    private static string Knee(IReadOnlyList<Measurement> results, string nameContains, string label)
    {
        var steps = Steps.Select(c => results.First(r => r.Concurrency == c && r.Name.Contains(nameContains, StringComparison.Ordinal))).ToList();
        var knee = steps[^1];
        for (var i = 0; i < steps.Count - 1; i++)
        {
            if (steps[i + 1].RequestsPerSecond < steps[i].RequestsPerSecond * 1.10)
            {
                knee = steps[i];
                break;
            }
        }
        var best = steps.MaxBy(m => m.RequestsPerSecond)!;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"- knee ({label}): concurrency {knee.Concurrency} ({knee.RequestsPerSecond:F0} req/s, p50 {knee.P50:F1} ms); best {best.RequestsPerSecond:F0} req/s at concurrency {best.Concurrency}; at 128, p50 {steps[^1].P50:F1} ms");
    }
}
