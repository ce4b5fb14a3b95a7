using System.Text.Json.Nodes;
using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Tests.Breaches;
using ConsentFunctions.Tests.Infrastructure;

// Not ...Tests.Email: that namespace would hide DecisionCalls.Email(...) in the other test namespaces.
namespace ConsentFunctions.Tests.Emails;

/// <summary>Breach deadline alerts by email to Breaches:AlertEmails, through the queue and the SMTP server.</summary>
public class BreachAlertEmailTests
{
    private const string Dpo = "dpo.alerts@boutique.example.fr";
    private const string Security = "securite@boutique.example.fr";

    [Fact]
    public async Task Each_threshold_is_emailed_once_in_French_and_English_with_hours_left_and_what_is_missing()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.With(("Breaches:AlertEmails", $"{Dpo}, {Security}")));
        var awareAt = app.Time.GetUtcNow();
        var body = BreachCalls.Breach(awareAt);
        body.Remove("measures");
        body.Remove("likelyConsequences");
        var opened = await app.OpenBreachAsync(body.ToJsonString());
        Assert.Equal(201, opened.Status);
        var id = opened.Json.GetProperty("id").GetString()!;

        for (var minutes = 0; minutes <= 80 * 60; minutes += 60)
        {
            app.Time.SetUtcNow(awareAt.AddMinutes(minutes));
            await app.RunWatchAsync();
            // A second run at the same instant claims nothing: still one email per threshold.
            await app.RunWatchAsync();
            Assert.Equal(0, (await app.SendQueuedEmailsAsync()).Failed);
        }

        var emails = smtp.Received.Where(e => e.Message.MessageId!.StartsWith("breach-" + id, StringComparison.Ordinal)).ToList();
        Assert.Equal([24, 48, 60, 68, 72], emails.Select(e => int.Parse(e.Message.MessageId!.Split('@')[0].Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(emails, e => Assert.Equal([Dpo, Security], e.EnvelopeTo));
        Assert.Equal($"breach-{id}-24@boutique.example.fr", emails[0].Message.MessageId);

        var first = emails[0].Message;
        var text = first.TextBody!;
        Assert.Contains("seuil de 24 h", text, StringComparison.Ordinal);
        Assert.Contains("Il reste 48 h pour notifier la CNIL", text, StringComparison.Ordinal);
        Assert.Contains("24-hour threshold", text, StringComparison.Ordinal);
        Assert.Contains("48 hours left to notify", text, StringComparison.Ordinal);
        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.Contains("Encore manquant dans la notification : conséquences probables, mesures prises ou envisagées.", text, StringComparison.Ordinal);
        Assert.Contains("Still missing from the notification: likely consequences, measures taken or proposed.", text, StringComparison.Ordinal);
        Assert.Contains(id, first.Subject, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", first.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("mesures prises ou envisag", first.HtmlBody!, StringComparison.Ordinal);
        Assert.False(first.Headers.Contains(MimeKit.HeaderId.ListUnsubscribe));
        // No fact of the breach and no contact in the email: only the id, the times and what to do.
        Assert.DoesNotContain(BreachCalls.DpoEmail, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ordinateur", text, StringComparison.Ordinal);

        var last = emails[^1].Message;
        Assert.Contains("délai de 72 h dépassé", last.Subject, StringComparison.Ordinal);
        Assert.Contains("72-hour deadline passed", last.Subject, StringComparison.Ordinal);
        // The queue message of breach-alerts is still sent once per threshold too.
        Assert.Equal([24, 48, 60, 68, 72], (await app.DrainAlertsAsync(id)).Select(a => a.Threshold));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(Dpo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notified_in_time_no_more_emails_and_without_Breaches_AlertEmails_none_at_all()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.With(("Breaches:AlertEmails", Dpo)));
        var awareAt = app.Time.GetUtcNow();
        var id = await app.OpenBreachAsync(awareAt);
        app.Time.SetUtcNow(awareAt.AddHours(24));
        await app.RunWatchAsync();
        app.Time.SetUtcNow(awareAt.AddHours(30));
        Assert.Equal(200, (await app.NotifyBreachAsync(id, app.Time.GetUtcNow())).Status);
        app.Time.SetUtcNow(awareAt.AddHours(73));
        await app.RunWatchAsync();
        await app.SendQueuedEmailsAsync();
        Assert.Equal([$"breach-{id}-24@boutique.example.fr"], smtp.Received.Select(e => e.Message.MessageId));

        await using var silent = await FunctionTestApp.CreateAsync(smtp.Settings());
        var other = await silent.OpenBreachAsync(silent.Time.GetUtcNow());
        silent.Time.SetUtcNow(silent.Time.GetUtcNow().AddHours(25));
        await silent.RunWatchAsync();
        Assert.Equal(24, Assert.Single(await silent.DrainAlertsAsync(other)).Threshold);
        Assert.Equal(0, await silent.QueuedEmailsAsync());
    }

    [Fact]
    public void A_resent_alert_has_the_same_email_id()
    {
        var alert = new BreachAlert("0123456789abcdef0123456789abcdef", 48, DateTimeOffset.UnixEpoch, 23.5);
        var one = BreachAlertEmail.Compose(alert, [], [Dpo]);
        var two = BreachAlertEmail.Compose(alert, ["measures"], [Dpo]);
        Assert.Equal(one.Id, two.Id);
        Assert.NotEqual(one.Id, BreachAlertEmail.Compose(alert with { Threshold = 60 }, [], [Dpo]).Id);
        Assert.Contains("23,5 h", one.Text, StringComparison.Ordinal);
        Assert.Contains("23.5 hours", one.Text, StringComparison.Ordinal);
        Assert.Contains("complet", one.Text, StringComparison.Ordinal);
        _ = JsonNode.Parse(one.ToJson());
    }
}
