using System.Text.Json;
using ConsentFunctions.LocalHost.Http;

namespace ConsentFunctions.Tests.LocalHost;

/// <summary>
/// The local host maps functions from their attributes; Azure reads the functions.metadata the
/// Worker SDK writes at build time. Both come from the same attributes and must agree.
/// </summary>
public class FunctionMetadataTests
{
    private static JsonElement[] HttpEntries()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), "functions.metadata was not produced by the build: " + path);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.Clone())
            .ToArray();
    }

    [Fact]
    public void The_local_host_maps_exactly_the_http_functions_of_the_build_metadata()
    {
        var mapped = HttpFunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly);
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
        var mapped = HttpFunctionCatalog.Discover(typeof(ConsentFunctions.FunctionServices).Assembly);
        var anonymous = mapped.Where(f => f.AuthLevel == Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous).Select(f => f.Route).Order(StringComparer.Ordinal);
        Assert.Equal(["confirm", "consent.js", "consents", "health", "openapi.json", "preferences", "unsubscribe"], anonymous);
    }
}
