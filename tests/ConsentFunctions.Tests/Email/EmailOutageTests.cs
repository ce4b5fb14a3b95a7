using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

// Not ...Tests.Email: that namespace would hide DecisionCalls.Email(...) in the other test namespaces.
namespace ConsentFunctions.Tests.Emails;

/// <summary>
/// The local host's queue dispatch (host.json's retries and poison queue) with the SMTP server
/// stopped and started again; and, with no Smtp:Host, the email printed to its console log.
/// </summary>
public class EmailOutageTests
{
    private static async Task PollAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }
            await Task.Delay(50);
        }
    }

    private static async Task<int> CountAsync(LocalHostServer server, string queue)
        => (await (await server.Host.App.Services.GetRequiredService<ConsentQueues>().GetAsync(queue)).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Fact]
    public async Task With_the_SMTP_server_down_the_email_stays_on_the_queue_and_goes_when_it_is_back()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await smtp.StopAsync();
        await using var server = await LocalHostServer.StartAsync(smtp.Settings());
        var to = $"outage.{Guid.NewGuid():N}@example.fr";
        await server.Host.App.Services.GetRequiredService<EmailOutbox>().EnqueueAsync(EmailCalls.Sample(to), CancellationToken.None);

        // The trigger tried, the connection was refused, and the message is still there.
        await PollAsync(() => Task.FromResult(server.Logs.Lines.Any(l => l.Contains("Function SendEmail failed", StringComparison.Ordinal))), "a failed send");
        Assert.Equal(1, await CountAsync(server, QueueNames.ConfirmationEmails));
        Assert.Equal(0, await CountAsync(server, QueueNames.Poison(QueueNames.ConfirmationEmails)));
        Assert.Empty(smtp.Received);

        await smtp.StartAgainAsync();
        var received = await smtp.WaitForAsync(e => e.EnvelopeTo.Contains(to));
        Assert.NotNull(received.Message.HtmlBody);
        await PollAsync(async () => await CountAsync(server, QueueNames.ConfirmationEmails) == 0, "the queue to empty");
        Assert.Single(smtp.To(to));
        Assert.Equal(0, await CountAsync(server, QueueNames.Poison(QueueNames.ConfirmationEmails)));
    }

    [Fact]
    public async Task Without_Smtp_Host_the_local_host_prints_the_email_and_its_link_to_its_console_log()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { ["Smtp:Host"] = "" });
        var sample = EmailCalls.Sample($"local.{Guid.NewGuid():N}@example.fr");
        await server.Host.App.Services.GetRequiredService<EmailOutbox>().EnqueueAsync(sample, CancellationToken.None);

        await PollAsync(() => Task.FromResult(server.Logs.Lines.Any(l => l.Contains(sample.Id, StringComparison.Ordinal) && l.Contains("NOT SENT", StringComparison.Ordinal))), "the console line");
        var line = server.Logs.Lines.Single(l => l.Contains("NOT SENT", StringComparison.Ordinal));
        Assert.Contains("https://consent.example.fr/api/confirm?token=abc", line, StringComparison.Ordinal);
        Assert.Contains(sample.Subject, line, StringComparison.Ordinal);
        Assert.StartsWith("ConsentFunctions.LocalHost.Email.ConsoleEmailOutput", line, StringComparison.Ordinal);
        await PollAsync(async () => await CountAsync(server, QueueNames.ConfirmationEmails) == 0, "the queue to empty");
    }
}
