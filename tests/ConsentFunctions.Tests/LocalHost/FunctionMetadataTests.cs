using System.Text.Json;
using ConsentFunctions.LocalHost.Functions;

namespace ConsentFunctions.Tests.LocalHost;

/// <summary>
/// The local host maps functions from their attributes; Azure reads the functions.metadata the
/// Worker SDK writes at build time. Both come from the same attributes and must agree.
/// </summary>
public class FunctionMetadataTests
{
    private static JsonElement[] HttpEntries() => Entries("httpTrigger");

    private static JsonElement[] Entries(string triggerType)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), "functions.metadata was not produced by the build: " + path);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == triggerType))
            .Select(f => f.Clone())
            .ToArray();
    }

    [Fact]
    public void The_local_host_maps_exactly_the_http_functions_of_the_build_metadata()
    {
        var mapped = FunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly).Http;
        var metadata = HttpEntries();
        Assert.Equal(metadata.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal), mapped.Select(f => f.Name));

        foreach (var entry in metadata)
        {
            var function = mapped.Single(f => f.Name == entry.GetProperty("name").GetString());
            var trigger = entry.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal(trigger.GetProperty("route").GetString(), function.Route);
            Assert.Equal(trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order(StringComparer.Ordinal),
                function.Methods.Order(StringComparer.Ordinal));
            Assert.Equal(trigger.GetProperty("authLevel").GetString(), function.AuthLevel.ToString());
            Assert.Equal(entry.GetProperty("entryPoint").GetString(), function.Class.FullName + "." + function.Method.Name);
        }
    }

    [Fact]
    public void Public_routes_are_anonymous_and_every_other_route_needs_a_key()
    {
        var mapped = FunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly).Http;
        var anonymous = mapped.Where(f => f.AuthLevel == Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous).Select(f => f.Route).Order(StringComparer.Ordinal);
        Assert.Equal(["confirm", "consent.js", "consents", "health", "openapi.json", "preferences", "unsubscribe"], anonymous);
    }

    [Fact]
    public void The_local_host_runs_exactly_the_queue_and_timer_functions_of_the_build_metadata()
    {
        var catalog = FunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly);
        var queues = Entries("queueTrigger");
        var timers = Entries("timerTrigger");
        Assert.NotEmpty(queues);
        Assert.NotEmpty(timers);
        Assert.Equal(queues.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal), catalog.Queues.Select(f => f.Name));
        Assert.Equal(timers.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal), catalog.Timers.Select(f => f.Name));
        foreach (var entry in queues)
        {
            var function = catalog.Queues.Single(f => f.Name == entry.GetProperty("name").GetString());
            var trigger = entry.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "queueTrigger");
            Assert.Equal(trigger.GetProperty("queueName").GetString(), function.QueueName);
            Assert.Equal(entry.GetProperty("entryPoint").GetString(), function.Class.FullName + "." + function.Method.Name);
        }
        foreach (var entry in timers)
        {
            var function = catalog.Timers.Single(f => f.Name == entry.GetProperty("name").GetString());
            var trigger = entry.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger");
            Assert.Equal(trigger.GetProperty("schedule").GetString(), function.Schedule);
            Assert.Equal(entry.GetProperty("entryPoint").GetString(), function.Class.FullName + "." + function.Method.Name);
        }
    }

    [Fact]
    public void Every_function_of_the_app_follows_the_signature_rules_of_the_local_host()
    {
        var catalog = FunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly);
        Assert.Equal(catalog.Http.Count + catalog.Queues.Count + catalog.Timers.Count, catalog.All.Count());
        Assert.All(catalog.All, f => Assert.Null(FunctionSignature.Check(f)));
    }

    private static class Broken
    {
        // A count no trigger gives: the local host (and Azure) cannot call this.
        public static Task Run([Microsoft.Azure.Functions.Worker.QueueTrigger("q")] string message, int count) => Task.CompletedTask;
    }

    [Fact]
    public void A_signature_that_breaks_the_rules_is_refused_with_the_rules_in_the_message()
    {
        var function = new QueueFunction("Broken", typeof(Broken), typeof(Broken).GetMethod(nameof(Broken.Run))!, "q");
        var problem = FunctionSignature.Check(function);
        Assert.NotNull(problem);
        Assert.Contains("count", problem, StringComparison.Ordinal);
        Assert.Contains(FunctionSignature.Rules, problem, StringComparison.Ordinal);
        var refused = Assert.Throws<InvalidOperationException>(() => FunctionSignature.Arguments(function, new TriggerInput("text", CancellationToken.None)));
        Assert.Equal(problem, refused.Message);
    }
}
