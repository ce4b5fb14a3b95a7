using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Decisions;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Unsubscribe;

public class UnsubscribeAfterNewConsentTests
{
    [Fact]
    public async Task An_old_link_clicked_again_after_a_new_consent_withdraws_it_again()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        Assert.Equal(201, (await app.CaptureAsync(Forms.Valid(email).ToJsonString())).Status);
        var token = await app.TokenAsync(email);
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.UnsubscribeAsync("POST", token);
        await app.DrainAsync();

        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(201, (await app.ImportAsync(Forms.Valid(email).ToJsonString())).Status); // subscribes again, recorded with the admin key
        var again = (await app.DecideAsync("email", "marketing", app.Time.GetUtcNow(), [DecisionCalls.Email(email)])).Json.GetProperty("decisions")[0];
        Assert.True(again.GetProperty("allowed").GetBoolean());

        app.Time.Advance(TimeSpan.FromDays(1));
        await app.UnsubscribeAsync("POST", token); // the one-click button of an old message
        await app.DrainAsync();
        var after = (await app.DecideAsync("email", "marketing", app.Time.GetUtcNow(), [DecisionCalls.Email(email)])).Json.GetProperty("decisions")[0];
        Assert.Equal("withdrawn", after.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_objection_reaches_every_phone_ever_given_with_the_email()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var email = Forms.UniqueEmail();
        var phones = new[] { "+33612345678", "+33698765432" }; // each test app has its own tables
        foreach (var phone in phones)
        {
            var form = Forms.Valid(email);
            form["subject"]!["phone"] = phone;
            form["consents"]![1] = new JsonObject { ["purpose"] = "marketing", ["channel"] = "sms", ["wording"] = "SMS ok", ["checked"] = true, ["checkedByDefault"] = false };
            Assert.Equal(201, (await app.CaptureAsync(form.ToJsonString())).Status);
            app.Time.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(201, (await app.ObjectAsync(new JsonObject { ["subject"] = DecisionCalls.Email(email), ["channels"] = new JsonArray("sms") }.ToJsonString())).Status);

        var answer = await app.DecideAsync("sms", "marketing", app.Time.GetUtcNow(), phones.Select(DecisionCalls.Phone));
        foreach (var d in answer.Json.GetProperty("decisions").EnumerateArray())
        {
            Assert.Equal("objection", d.GetProperty("reason").GetString());
        }
    }
}
