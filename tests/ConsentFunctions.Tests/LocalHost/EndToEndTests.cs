using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.LocalHost;

/// <summary>Over HTTP against the local host, as a website and an operator use it.</summary>
public class EndToEndTests
{
    [Fact]
    public async Task A_form_posted_over_http_reads_back_as_its_receipt()
    {
        await using var server = await LocalHostServer.StartAsync();
        var email = Forms.UniqueEmail();
        using var content = new StringContent(Forms.Valid(email).ToJsonString(), Encoding.UTF8, "application/json");
        using var posted = await server.Client.PostAsync("/api/consents", content);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();

        using var read = await server.Client.SendAsync(server.Admin(HttpMethod.Get, location));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var proof = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        var consent = proof.RootElement.GetProperty("receipt").GetProperty("consents")[0];
        Assert.Equal(Forms.MarketingWording, consent.GetProperty("wording").GetString());
        Assert.Equal("127.0.0.0/24", proof.RootElement.GetProperty("receipt").GetProperty("context").GetProperty("clientAddress").GetString());
    }

    [Fact]
    public async Task Admin_routes_need_the_admin_key_and_public_ones_do_not()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var noKey = await server.Client.GetAsync("/api/notices/newsletter/1");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType!.MediaType);

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/notices/newsletter/1");
        wrong.Headers.Add("x-functions-key", "guess");
        using var wrongKey = await server.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        using var withKey = await server.Client.SendAsync(server.Admin(HttpMethod.Get, "/api/notices/newsletter/1"));
        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);

        using var health = await server.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Routes_answer_only_their_declared_methods()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var get = await server.Client.GetAsync("/api/consents");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        using var unknown = await server.Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_browser_preflight_from_an_allowed_origin_passes()
    {
        await using var server = await LocalHostServer.StartAsync();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/consents");
        preflight.Headers.Add("Origin", TestSettings.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await server.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(TestSettings.AllowedOrigin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Hostile_bodies_over_http_get_4xx_problems_never_5xx()
    {
        await using var server = await LocalHostServer.StartAsync();
        var bodies = new (byte[] Body, string ContentType)[]
        {
            (Encoding.UTF8.GetBytes("{\"subject\":"), "application/json"),
            (new byte[200_000], "application/json"),
            (Encoding.UTF8.GetBytes(new string('[', 10_000)), "application/json"),
            (Encoding.UTF8.GetBytes("consents[0].checked=maybe"), "application/x-www-form-urlencoded"),
            (Encoding.UTF8.GetBytes("--x\r\nbroken multipart"), "multipart/form-data; boundary=x"),
            (Encoding.UTF8.GetBytes("<xml/>"), "application/xml"),
        };
        foreach (var (body, contentType) in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var answer = await server.Client.PostAsync("/api/consents", content);
            Assert.InRange((int)answer.StatusCode, 400, 499);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task No_email_phone_or_name_appears_in_any_log_line()
    {
        await using var server = await LocalHostServer.StartAsync();
        var email = Forms.UniqueEmail("zoe.privacy");
        var form = Forms.Valid(email);
        form["subject"]!["phone"] = "06 98 76 54 32";
        form["subject"]!["firstName"] = "Zoéprivée";
        form["subject"]!["lastName"] = "Secretname";
        form["submissionId"] = Guid.NewGuid().ToString();
        var body = form.ToJsonString();
        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var answer = await server.Client.PostAsync("/api/consents", content);
            Assert.True(answer.IsSuccessStatusCode);
        }
        form["subject"]!["email"] = "not-an-email-" + email.Replace("@", "-at-", StringComparison.Ordinal);
        using (var bad = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"))
        using (var refused = await server.Client.PostAsync("/api/consents", bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var lines = server.Logs.Lines;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("Recorded receipt", StringComparison.Ordinal));
        foreach (var secret in new[] { "zoe.privacy", "98 76 54 32", "+33698765432", "Zoéprivée", "Secretname" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task The_sample_admin_key_is_refused_when_the_host_listens_beyond_this_machine()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalHostServer.StartAsync(
            new Dictionary<string, string?> { ["LocalHost:AdminKey"] = ConsentFunctions.LocalHost.LocalHostApp.SampleAdminKey, ["urls"] = "http://0.0.0.0:0" }));
        Assert.Contains("LocalHost__AdminKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_override_the_settings_file()
    {
        // The committed sample sets LocalHost__AdminKey to "local-admin-key"; the environment wins.
        Environment.SetEnvironmentVariable("LocalHost__AdminKey", "from-the-environment");
        try
        {
            var settings = await TestSettings.CreateAsync();
            await using var server = await LocalHostServer.StartAsync(applyTestSettings: false, args:
            [
                "--AzureWebJobsStorage", settings["AzureWebJobsStorage"]!,
                "--Storage:TablePrefix", settings["Storage:TablePrefix"]!,
            ]);
            var withEnvKey = new HttpRequestMessage(HttpMethod.Get, "/api/notices/newsletter/1");
            withEnvKey.Headers.Add("x-functions-key", "from-the-environment");
            using var accepted = await server.Client.SendAsync(withEnvKey);
            Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);

            var withFileKey = new HttpRequestMessage(HttpMethod.Get, "/api/notices/newsletter/1");
            withFileKey.Headers.Add("x-functions-key", "local-admin-key");
            using var refused = await server.Client.SendAsync(withFileKey);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LocalHost__AdminKey", null);
        }
    }
}
