using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Emails;
using ConsentFunctions.Tests.Infrastructure;
using MimeKit;

namespace ConsentFunctions.Tests.DoubleOptIn;

/// <summary>
/// The whole double opt-in as the person lives it: the form, the email as an SMTP server receives
/// it (through the outbox relay and the sender), the link in it, the confirmation.
/// </summary>
public class DoubleOptInByEmailTests
{
    [Fact]
    public async Task The_confirmation_email_reaches_the_mailbox_and_its_link_turns_the_pending_consent_into_consent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = await FunctionTestApp.CreateAsync(smtp.With(("DoubleOptIn:Channels", "email")));
        var email = Forms.UniqueEmail();

        var answer = await app.CaptureAsync(Forms.Valid(email).ToJsonString());
        Assert.Equal(201, answer.Status);
        Assert.Equal("pending-confirmation", await DecisionCalls.EmailMarketingReasonAsync(app, email));

        await app.DrainEventsAsync();
        Assert.Equal((1, 0), await app.SendQueuedEmailsAsync());
        var received = (await smtp.WaitForAsync(e => e.EnvelopeTo.Contains(email))).Message;
        Assert.Contains("Boutique Exemple SAS", received.Subject, StringComparison.Ordinal);
        Assert.StartsWith("<https://consent.example.fr/api/unsubscribe?token=", received.Headers[HeaderId.ListUnsubscribe], StringComparison.Ordinal);
        var token = DoubleOptInCalls.TokenOf(received.TextBody!);

        Assert.Equal(200, (await app.ConfirmAsync("GET", token)).Status);
        Assert.Equal("pending-confirmation", await DecisionCalls.EmailMarketingReasonAsync(app, email));
        Assert.Equal(200, (await app.ConfirmAsync("POST", token)).Status);
        Assert.Equal("allowed", await DecisionCalls.EmailMarketingReasonAsync(app, email));
    }
}
