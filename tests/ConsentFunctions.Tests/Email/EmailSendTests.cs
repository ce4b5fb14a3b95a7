using ConsentFunctions.Core.Email;
using ConsentFunctions.Tests.Infrastructure;
using MimeKit;

// Not ...Tests.Email: that namespace would hide DecisionCalls.Email(...) in the other test namespaces.
namespace ConsentFunctions.Tests.Emails;

/// <summary>Queue confirmation-emails sent over SMTP to a real server in the test process.</summary>
public class EmailSendTests
{
    private static string Address() => $"person.{Guid.NewGuid():N}@example.fr";

    [Fact]
    public async Task A_queued_email_arrives_as_text_and_html_with_one_click_unsubscribe_headers()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.Settings());
        var to = Address();
        var sample = EmailCalls.Sample(to, id: "confirm-0123456789abcdef");
        await app.EnqueueEmailAsync(sample);

        Assert.Equal((1, 0), await app.SendQueuedEmailsAsync());

        var received = await smtp.WaitForAsync(e => e.EnvelopeTo.Contains(to));
        var mime = received.Message;
        Assert.Equal("no-reply@boutique.example.fr", received.EnvelopeFrom);
        Assert.Equal([to], mime.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Boutique Exemple", mime.From.Mailboxes.Single().Name);
        Assert.Equal(sample.Subject, mime.Subject);
        Assert.Equal("confirm-0123456789abcdef@boutique.example.fr", mime.MessageId);
        Assert.Equal("<" + sample.UnsubscribeUrl + ">", mime.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(sample.Text.ReplaceLineEndings(), mime.TextBody!.ReplaceLineEndings());
        Assert.Equal(sample.Html, mime.HtmlBody!.TrimEnd());

        Assert.Equal(0, await app.QueuedEmailsAsync());
        // The logs name the email's id, never its recipient.
        Assert.Contains(app.Logs.Lines, l => l.Contains("confirm-0123456789abcdef", StringComparison.Ordinal) && l.Contains("sent", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(to, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_email_without_an_unsubscribe_url_has_no_list_headers_and_an_id_of_any_text_makes_a_valid_message_id()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.Settings());
        var to = Address();
        await app.EnqueueEmailAsync(EmailCalls.Sample(to, id: "receipt:42/é") with { UnsubscribeUrl = null });
        await app.SendQueuedEmailsAsync();

        var mime = (await smtp.WaitForAsync(e => e.EnvelopeTo.Contains(to))).Message;
        Assert.False(mime.Headers.Contains(HeaderId.ListUnsubscribe));
        Assert.False(mime.Headers.Contains("List-Unsubscribe-Post"));
        Assert.Equal(EmailMime.MessageId("receipt:42/é", "boutique.example.fr"), mime.MessageId);
        Assert.Matches("^[0-9a-f]{32}@boutique\\.example\\.fr$", mime.MessageId);
    }

    [Fact]
    public async Task Over_STARTTLS_when_plain_text_is_not_allowed()
    {
        await using var smtp = await SmtpTestServer.StartAsync(tls: true);
        await using var app = await FunctionTestApp.CreateAsync(smtp.Settings());
        Assert.Equal("false", app.Configuration["Smtp:AllowPlaintext"]);
        smtp.TrustIn(app.Services);
        var to = Address();
        await app.EnqueueEmailAsync(EmailCalls.Sample(to));

        Assert.Equal((1, 0), await app.SendQueuedEmailsAsync());
        Assert.True((await smtp.WaitForAsync(e => e.EnvelopeTo.Contains(to))).OverTls);
    }

    [Fact]
    public async Task A_server_without_STARTTLS_gets_nothing_unless_plain_text_is_allowed_and_the_email_waits_on_the_queue()
    {
        await using var smtp = await SmtpTestServer.StartAsync(); // offers no STARTTLS
        await using var app = await FunctionTestApp.CreateAsync(smtp.With(("Smtp:AllowPlaintext", "false")));
        await app.EnqueueEmailAsync(EmailCalls.Sample(Address()));

        Assert.Equal((0, 1), await app.SendQueuedEmailsAsync());
        Assert.Empty(smtp.Received);
        Assert.Equal(1, await app.QueuedEmailsAsync());
        Assert.Equal(0, await app.QueuedEmailsAsync(poison: true));
    }

    [Fact]
    public async Task Unreadable_messages_are_parked_in_the_poison_queue_at_once_and_the_next_email_still_goes()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.Settings());
        var queue = await app.EmailQueueAsync();
        var to = Address();
        string[] unreadable =
        [
            "not json at all",
            "{}",
            "[1,2,3]",
            EmailCalls.Sample(Address()).ToJson().Replace("\"subject\":", "\"subjectx\":", StringComparison.Ordinal),
            (EmailCalls.Sample("x") with { To = ["not an address"] }).ToJson(),
            (EmailCalls.Sample("x") with { To = ["Someone <a@example.fr>"] }).ToJson(),
            (EmailCalls.Sample("x") with { To = ["a@example.fr\r\nBcc: b@example.fr"] }).ToJson(),
            (EmailCalls.Sample(Address()) with { UnsubscribeUrl = "javascript:alert(1)" }).ToJson(),
            (EmailCalls.Sample(Address()) with { UnsubscribeUrl = "https://consent.example.fr/u>\r\nBcc: b@example.fr" }).ToJson(),
        ];
        foreach (var text in unreadable)
        {
            await queue.SendMessageAsync(text);
        }
        await app.EnqueueEmailAsync(EmailCalls.Sample(to));

        // Each returns (no retry loop): parked, then deleted from the queue.
        Assert.Equal((unreadable.Length + 1, 0), await app.SendQueuedEmailsAsync());
        var delivered = Assert.Single(smtp.Received);
        Assert.Equal([to], delivered.EnvelopeTo);
        Assert.Equal(0, await app.QueuedEmailsAsync());
        Assert.Equal(unreadable.Order(StringComparer.Ordinal), (await app.PoisonedEmailsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(unreadable.Length, app.Logs.Lines.Count(l => l.Contains("moved to the poison queue", StringComparison.Ordinal)));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("example.fr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_Smtp_Host_and_without_the_local_console_the_email_stays_on_the_queue()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        await app.EnqueueEmailAsync(EmailCalls.Sample(Address()));

        Assert.Equal((0, 1), await app.SendQueuedEmailsAsync());
        Assert.Equal(1, await app.QueuedEmailsAsync());
        Assert.Contains(app.Logs.Lines, l => l.Contains("Smtp:Host is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Azure_the_local_console_is_never_used_even_if_registered()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        // Emails configured nowhere, so an app in Azure may start without Smtp:Host.
        await using var app = await FunctionTestApp.CreateAsync(new Dictionary<string, string?> { ["WEBSITE_INSTANCE_ID"] = "0123456789abcdef" });
        var output = new RecordingOutput();
        var delivery = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<EmailDelivery>(app.Services, output);

        await Assert.ThrowsAsync<InvalidOperationException>(() => delivery.DeliverAsync(EmailCalls.Sample(Address()).ToJson(), CancellationToken.None));
        Assert.Empty(output.Shown);

        // Off Azure, the same output is used.
        await using var local = await FunctionTestApp.CreateAsync();
        var localDelivery = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<EmailDelivery>(local.Services, output);
        await localDelivery.DeliverAsync(EmailCalls.Sample(Address(), id: "shown-1").ToJson(), CancellationToken.None);
        Assert.Equal("shown-1", Assert.Single(output.Shown).Id);
    }

    private sealed class RecordingOutput : ILocalEmailOutput
    {
        public List<EmailMessage> Shown { get; } = [];

        public void Show(EmailMessage message) => Shown.Add(message);
    }
}
