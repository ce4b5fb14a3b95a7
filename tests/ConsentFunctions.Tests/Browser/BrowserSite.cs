using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ConsentFunctions.LocalHost.Settings;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsentFunctions.Tests.Browser;

/// <summary>
/// The local host (sample website at /, API under /api) on a free port over the test Azurite,
/// and one headless Chromium: shared by the browser tests, which run one after the other.
/// The site's own origin is allowed, as a website's would be.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private LocalHostServer? _server;

    public LocalHostServer Server => _server ?? throw new InvalidOperationException("Not started.");
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public static string ScreenshotFolder
        => System.IO.Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), "TestResults", "screenshots");

    public Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            // Outside CI the tests are skipped (BrowserFact); under CI=true a missing browser fails the run.
            return Chromium.IsCi ? throw new InvalidOperationException(Chromium.Missing) : Task.CompletedTask;
        }
        return StartAsync();
    }

    private async Task StartAsync()
    {
        var origin = "http://127.0.0.1:" + FreePort();
        _server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins"] = origin + "," + TestSettings.AllowedOrigin,
            // Links are built from this setting, never from the request's Host: here, the site itself.
            ["Unsubscribe:BaseUrl"] = origin,
        }, url: origin);
        BaseAddress = Server.Host.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            // Root in containers: Chromium's sandbox needs user namespaces it may not have.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>The email-marketing decision for the person now: the reason of a refusal, or the basis of an allowance.</summary>
    public async Task<string?> EmailMarketingReasonOrBasisAsync(string email)
    {
        var answer = await AdminAsync(HttpMethod.Post, "/api/decisions", new
        {
            channel = "email",
            purpose = "marketing",
            at = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"),
            subjects = new[] { new { email } },
        });
        var decision = answer.GetProperty("decisions")[0];
        return decision.TryGetProperty("reason", out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String
            ? reason.GetString()
            : decision.GetProperty("basis").GetString();
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        var original = page.ViewportSize;
        foreach (var width in new[] { 375, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        }
        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    /// <summary>An admin call through the API, as an operator would make it.</summary>
    public async Task<JsonElement> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = Server.Admin(method, path, body is null ? null : JsonContent(body));
        using var answer = await Server.Client.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"{method} {path}: {(int)answer.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static StringContent JsonContent(object body)
        => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "Browser";
}
