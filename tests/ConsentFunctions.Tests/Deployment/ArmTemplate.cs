using System.Text.Json;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>One template of the compiled ARM JSON: main, or a module's nested deployment.</summary>
/// <param name="Name">The module's symbolic name (languageVersion 2.0) or deployment name; empty for main.</param>
/// <param name="Template">The template itself.</param>
/// <param name="Deployment">The nested deployment resource that holds it; null for main.</param>
public sealed record ArmTemplate(string Name, JsonElement Template, JsonElement? Deployment)
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    /// <summary>The main template and every module below it, depth first.</summary>
    public static IReadOnlyList<ArmTemplate> All(JsonElement main)
    {
        var all = new List<ArmTemplate>();
        Collect(new ArmTemplate(string.Empty, main, null), all);
        return all;
    }

    private static void Collect(ArmTemplate template, List<ArmTemplate> all)
    {
        all.Add(template);
        foreach (var (key, resource) in template.Resources())
        {
            if (Type(resource) == DeploymentType && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                Collect(new ArmTemplate(key, nested, resource), all);
            }
        }
    }

    /// <summary>Resources with their symbolic name (object form) or their name expression (array form).</summary>
    public IEnumerable<(string Key, JsonElement Resource)> Resources()
    {
        if (!Template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }
        if (resources.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in resources.EnumerateObject())
            {
                yield return (property.Name, property.Value);
            }
        }
        else
        {
            foreach (var resource in resources.EnumerateArray())
            {
                yield return (resource.GetProperty("name").ToString(), resource);
            }
        }
    }

    public IEnumerable<JsonElement> ResourcesOfType(string type)
        => Resources().Select(r => r.Resource).Where(r => !IsExisting(r) && string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));

    public bool Declares(string type) => ResourcesOfType(type).Any();

    /// <summary>The value of one of this template's variables.</summary>
    public JsonElement Variable(string name) => Template.GetProperty("variables").GetProperty(name);

    /// <summary>What the parent passes to one of this module's parameters (an ARM expression, or a literal).</summary>
    public string ParameterValue(string name)
    {
        Assert.True(Deployment.HasValue, $"main has no parent to pass '{name}'.");
        var parameters = Deployment.Value.GetProperty("properties").GetProperty("parameters");
        Assert.True(parameters.TryGetProperty(name, out var parameter), $"module '{Name}' is not given parameter '{name}'.");
        return parameter.GetProperty("value").ToString();
    }

    public static string Type(JsonElement resource) => resource.GetProperty("type").GetString() ?? string.Empty;

    public static bool IsExisting(JsonElement resource)
        => resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>Every resource of one type across main and its modules, with the template that declares it.</summary>
    public static IReadOnlyList<(ArmTemplate Template, JsonElement Resource)> Find(JsonElement main, string type)
        => All(main).SelectMany(t => t.ResourcesOfType(type).Select(r => (t, r))).ToList();

    /// <summary>The one module of main that declares a resource of this type.</summary>
    public static ArmTemplate ModuleDeclaring(JsonElement main, string type)
    {
        var modules = All(main).Where(t => t.Deployment.HasValue && t.Declares(type)).ToList();
        Assert.True(modules.Count == 1, $"Expected one module declaring {type}, found {modules.Count}.");
        return modules[0];
    }

    /// <summary>Whether an expression reads an output of the given module, e.g. <c>reference('identity').outputs.clientId.value</c>.</summary>
    /// <remarks>
    /// Symbolic names (languageVersion 2.0) read <c>reference('name')</c>; the older form reads
    /// <c>reference(extensionResourceId(…, 'Microsoft.Resources/deployments', 'name'), …)</c>.
    /// </remarks>
    public static bool ReadsOutput(string expression, ArmTemplate module, string output)
        => (expression.Contains($"reference('{module.Name}')", StringComparison.Ordinal)
            || expression.Contains($"'{DeploymentType}', '{module.Name}')", StringComparison.Ordinal))
           && expression.Contains($".outputs.{output}.value", StringComparison.Ordinal);

    /// <summary>A parameter's declaration, with a user-defined type's <c>$ref</c> resolved.</summary>
    public JsonElement ParameterDeclaration(string name)
    {
        var declared = Template.GetProperty("parameters").GetProperty(name);
        if (declared.TryGetProperty("$ref", out var reference))
        {
            var definition = reference.GetString()!.Split('/').Last();
            return Template.GetProperty("definitions").GetProperty(definition);
        }
        return declared;
    }
}
