using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;
using ConsentFunctions.Unsubscribe;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Unsubscribe;

public static class UnsubscribeCalls
{
    public static async Task<HttpAnswer> CreateLinkAsync(this FunctionTestApp app, string email, string channel = "email", string purpose = "marketing")
    {
        var body = new JsonObject { ["subject"] = new JsonObject { ["email"] = email }, ["channel"] = channel, ["purpose"] = purpose }.ToJsonString();
        var request = app.Request("POST", body);
        return await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeLinkFunction>().Run(request));
    }

    public static async Task<string> TokenAsync(this FunctionTestApp app, string email, string channel = "email", string purpose = "marketing")
    {
        var url = (await app.CreateLinkAsync(email, channel, purpose)).Json.GetProperty("url").GetString()!;
        return url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    }

    public static async Task<HttpAnswer> UnsubscribeAsync(this FunctionTestApp app, string method, string token, string? body = "List-Unsubscribe=One-Click",
        string contentType = "application/x-www-form-urlencoded", string? acceptLanguage = null)
    {
        var headers = new Dictionary<string, string>();
        if (acceptLanguage is not null)
        {
            headers["Accept-Language"] = acceptLanguage;
        }
        var request = app.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : contentType, headers);
        request.Path = "/api/unsubscribe";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?token=" + Uri.EscapeDataString(token));
        return await FunctionTestApp.AnswerAsync(request, await app.Function<UnsubscribeFunction>().Run(request));
    }

    public static Task<QueueClient> QueueAsync(this FunctionTestApp app, string name = QueueNames.UnsubscribeRequests)
        => app.Services.GetRequiredService<ConsentQueues>().GetAsync(name);

    public static async Task<int> QueuedAsync(this FunctionTestApp app)
        => (await (await app.QueueAsync()).PeekMessagesAsync(32)).Value.Length;

    /// <summary>What the queue trigger does: take each message, apply it, delete it.</summary>
    public static async Task<int> DrainAsync(this FunctionTestApp app)
    {
        var queue = await app.QueueAsync();
        var applied = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return applied;
            }
            foreach (var m in messages)
            {
                await app.Function<WithdrawalFunction>().Run(m.Body.ToString());
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                applied++;
            }
        }
    }
}
