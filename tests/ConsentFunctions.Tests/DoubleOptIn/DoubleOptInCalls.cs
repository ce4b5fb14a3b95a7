using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.DoubleOptIn;
using ConsentFunctions.Events;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.DoubleOptIn;

public static partial class DoubleOptInCalls
{
    public static Dictionary<string, string?> On => new() { ["DoubleOptIn:Channels"] = "email" };

    /// <summary>A form with one box: marketing by email.</summary>
    public static JsonObject EmailOnly(string email, string language = "fr-FR")
    {
        var form = Forms.Valid(email);
        form["consents"]!.AsArray().RemoveAt(1);
        form["form"]!["language"] = language;
        return form;
    }

    /// <summary>GET or POST the confirmation link as a browser does (Accept: text/html), or as another client.</summary>
    public static async Task<HttpAnswer> ConfirmAsync(this FunctionTestApp app, string method, string token, bool browser = true, string? body = "confirm=1",
        string contentType = "application/x-www-form-urlencoded")
    {
        var headers = new Dictionary<string, string>();
        if (browser)
        {
            headers["Accept"] = "text/html,application/xhtml+xml";
        }
        var post = method == "POST";
        var request = app.Request(method, post && body is not null ? Encoding.UTF8.GetBytes(body) : null, post ? contentType : null, headers);
        request.Path = "/api/confirm";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?token=" + Uri.EscapeDataString(token));
        return await FunctionTestApp.AnswerAsync(request, await app.Function<ConfirmationFunction>().Run(request));
    }

    /// <summary>What the queue trigger of consent-events does (relay every outbox row), then the emails queued on confirmation-emails, taken off it.</summary>
    public static async Task<List<EmailMessage>> RelayAndTakeEmailsAsync(this FunctionTestApp app)
    {
        await DrainEventsAsync(app);
        var queue = await app.Services.GetRequiredService<ConsentQueues>().GetAsync(QueueNames.ConfirmationEmails);
        var emails = new List<EmailMessage>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return emails;
            }
            foreach (var m in messages)
            {
                emails.Add(EmailMessage.Parse(m.Body.ToString()));
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    }

    /// <summary>What the queue trigger of consent-events does: relay every outbox row.</summary>
    public static async Task DrainEventsAsync(this FunctionTestApp app)
    {
        var queue = await app.Services.GetRequiredService<ConsentQueues>().GetAsync(QueueNames.ConsentEvents);
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return;
            }
            foreach (var m in messages)
            {
                await app.Function<EventRelayFunction>().Run(m.Body.ToString());
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    }

    /// <summary>The token of the confirmation link a plain-text email carries.</summary>
    public static string TokenOf(EmailMessage email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return TokenOf(email.Text);
    }

    /// <summary>The token of the confirmation link a plain-text body carries (as an SMTP server received it).</summary>
    public static string TokenOf(string text)
    {
        var match = LinkPattern().Match(text);
        Assert.True(match.Success, "No confirmation link in: " + text);
        return match.Groups[1].Value;
    }

    /// <summary>The types of the logged events of a receipt's boxes (table ConsentEvents).</summary>
    public static async Task<List<string>> LoggedTypesAsync(this FunctionTestApp app, string receiptId)
    {
        var table = await app.TableAsync(TableNames.ConsentEvents);
        var types = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["EventId", "Type"]))
        {
            if (row.GetString("EventId").StartsWith(receiptId, StringComparison.Ordinal))
            {
                types.Add(row.GetString("Type"));
            }
        }
        return types;
    }

    [GeneratedRegex(@"https://consent\.example\.fr/api/confirm\?token=([A-Za-z0-9_\-\.]+)")]
    private static partial Regex LinkPattern();
}
