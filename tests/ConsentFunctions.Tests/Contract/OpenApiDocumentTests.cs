using ConsentFunctions.Core;
using System.Reflection;
using System.Text.Json;
using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Interactions;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Notices;
using ConsentFunctions.Core.Receipts;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;
using ConsentFunctions.Core.Unsubscribe;
using ConsentFunctions.Http;
using ConsentFunctions.LocalHost.Functions;
using ConsentFunctions.LocalHost.Http;
using ConsentFunctions.LocalHost.Settings;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Tests.Contract;

/// <summary>
/// docs/openapi.json is the published contract: these tests keep it in step with the functions'
/// attributes (routes, methods, auth levels) and with the closed lists and body types of the code.
/// </summary>
public class OpenApiDocumentTests
{
    private const string ProblemSchema = "#/components/schemas/Problem";

    private static readonly HashSet<string> OperationKeys = new(StringComparer.Ordinal)
        { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    /// <summary>The capture route's CORS preflight is a method its attribute declares: it is documented, like every other.</summary>
    private static readonly (string Path, string Method) Preflight = ("/api/consents", "options");

    /// <summary>Health answers only 200 or 503: it has no client error to document, and its 503 is a problem.</summary>
    private static readonly (string Path, string Method) Health = ("/api/health", "get");

    /// <summary>Files served as they are (the snippet, this document): 200 or 304, whatever the request.</summary>
    private static readonly HashSet<(string Path, string Method)> ServedFiles = [("/api/consent.js", "get"), ("/api/openapi.json", "get")];

    private static readonly Lazy<JsonDocument> LoadedDocument = new(() =>
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Repository root not found.");
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "docs", "openapi.json")));
    });

    private static JsonElement Document => LoadedDocument.Value.RootElement;

    private static IReadOnlyList<HttpFunction> Functions => FunctionCatalog.Discover(typeof(FunctionServices).Assembly).Http;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations()
    {
        foreach (var path in Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var member in path.Value.EnumerateObject().Where(m => OperationKeys.Contains(m.Name)))
            {
                yield return (path.Name, member.Name, member.Value);
            }
        }
    }

    private static string PathOf(HttpFunction function) => "/api/" + function.Route;

    [Fact]
    public void The_document_is_OpenAPI_3_1_at_version_1_0_0()
    {
        Assert.StartsWith("3.1.", Document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var info = Document.GetProperty("info");
        Assert.Equal("1.0.0", info.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()));
        var servers = Document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Contains("http://localhost:7071", servers);
        Assert.Contains(servers, url => url!.StartsWith("https://{", StringComparison.Ordinal));
        var operationIds = Operations().Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(operationIds.Count, operationIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_document_lists_exactly_the_routes_and_methods_the_functions_declare()
    {
        var declared = Functions.SelectMany(f => f.Methods.Select(m => (Path: PathOf(f), Method: m)))
            .Order().Select(e => $"{e.Method.ToUpperInvariant()} {e.Path}").ToList();
        var documented = Operations().Select(o => (o.Path, o.Method))
            .Order().Select(e => $"{e.Method.ToUpperInvariant()} {e.Path}").ToList();

        Assert.Equal(declared, documented);
        Assert.Contains($"{Preflight.Method.ToUpperInvariant()} {Preflight.Path}", documented);
    }

    [Fact]
    public void Every_path_parameter_of_a_route_is_declared()
    {
        foreach (var (path, method, operation) in Operations())
        {
            var pathItem = Document.GetProperty("paths").GetProperty(path);
            var declared = Parameters(pathItem).Concat(Parameters(operation))
                .Where(p => p.GetProperty("in").GetString() == "path")
                .Select(p => p.GetProperty("name").GetString())
                .ToHashSet(StringComparer.Ordinal);
            var inTemplate = path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));
            Assert.True(inTemplate.ToHashSet(StringComparer.Ordinal).SetEquals(declared!), $"{method} {path}: path parameters {string.Join(", ", declared)}");
        }

        static IEnumerable<JsonElement> Parameters(JsonElement owner)
            => owner.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(Resolve) : [];
    }

    [Fact]
    public void Admin_operations_need_the_function_key_and_public_ones_need_nothing()
    {
        var schemes = Document.GetProperty("components").GetProperty("securitySchemes");
        var checkedOperations = 0;
        foreach (var function in Functions)
        {
            foreach (var method in function.Methods)
            {
                var operation = Document.GetProperty("paths").GetProperty(PathOf(function)).GetProperty(method);
                Assert.True(operation.TryGetProperty("security", out var security), $"{method} {PathOf(function)} states no security of its own");
                var requirements = security.EnumerateArray().ToList();
                if (function.AuthLevel == AuthorizationLevel.Anonymous)
                {
                    Assert.True(requirements.Count == 0, $"{method} {PathOf(function)} is anonymous: security must be []");
                }
                else
                {
                    var requirement = Assert.Single(requirements);
                    var name = Assert.Single(requirement.EnumerateObject()).Name;
                    var scheme = schemes.GetProperty(name);
                    Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
                    Assert.Equal("header", scheme.GetProperty("in").GetString());
                    Assert.Equal(AdminKey.Header, scheme.GetProperty("name").GetString());
                }
                checkedOperations++;
            }
        }
        Assert.Equal(Operations().Count(), checkedOperations);
    }

    [Fact]
    public void Every_operation_documents_a_client_error_as_a_problem()
    {
        foreach (var (path, method, operation) in Operations())
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var problems = responses.Where(r => IsProblem(Resolve(r.Value))).Select(r => r.Name).ToList();
            if ((path, method) == Health)
            {
                Assert.DoesNotContain(responses, r => r.Name.StartsWith('4'));
                Assert.Contains("503", problems);
                continue;
            }
            if (ServedFiles.Contains((path, method)))
            {
                Assert.DoesNotContain(responses, r => r.Name.StartsWith('4'));
                Assert.Contains(responses, r => r.Name == "304");
                continue;
            }
            Assert.True(problems.Any(status => status.StartsWith('4')), $"{method} {path} documents no 4xx problem+json answer");
        }

        static bool IsProblem(JsonElement response)
            => response.TryGetProperty("content", out var content)
               && content.TryGetProperty("application/problem+json", out var media)
               && media.GetProperty("schema").TryGetProperty("$ref", out var schema)
               && schema.GetString() == ProblemSchema;
    }

    [Fact]
    public void Every_reference_resolves_within_the_document()
    {
        var references = new List<string>();
        Collect(Document, references);
        Assert.NotEmpty(references);
        foreach (var reference in references.Distinct(StringComparer.Ordinal))
        {
            Assert.True(reference.StartsWith("#/", StringComparison.Ordinal), $"{reference} points outside the document");
            Assert.True(TryPoint(reference, out _), $"{reference} does not resolve");
        }

        static void Collect(JsonElement element, List<string> references)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            references.Add(property.Value.GetString()!);
                        }
                        else
                        {
                            Collect(property.Value, references);
                        }
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, references);
                    }
                    break;
            }
        }
    }

    [Fact]
    public void The_channels_of_the_document_are_the_channels_of_the_code()
        => Assert.Equal(Vocabulary.Channels.Order(StringComparer.Ordinal), EnumOf("Channel").Order(StringComparer.Ordinal));

    public static TheoryData<string> ClosedLists => new(ClosedListsOfTheCode.Keys);

    private static readonly Dictionary<string, IEnumerable<string>> ClosedListsOfTheCode = new(StringComparer.Ordinal)
    {
        ["BuiltInPurpose"] = Vocabulary.BuiltInPurposes,
        ["Audience"] = Vocabulary.Audiences,
        ["SourceKind"] = Vocabulary.SourceKinds,
        ["ConsentStatus"] = Constants(typeof(ConsentValidityResult)),
        ["InteractionKind"] = InteractionKinds.All,
        ["Basis"] = Constants(typeof(Bases)),
        ["DecisionReason"] = Constants(typeof(Reasons)),
        ["SuppressionKind"] = [SuppressionFact.Unsubscribe, SuppressionFact.Objection],
        ["RiskLevel"] = BreachRules.RiskLevels,
        ["NotInformedReason"] = BreachRules.NotInformedReasons,
        ["BreachStatus"] = Constants(typeof(BreachStatuses)),
        ["BreachEntryKind"] = Constants(typeof(BreachEntryKinds)),
        ["AlertThreshold"] = BreachRules.AlertThresholds.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(ClosedLists))]
    public void Each_closed_list_of_the_document_is_the_one_the_code_accepts(string schema)
        => Assert.Equal(ClosedListsOfTheCode[schema].Order(StringComparer.Ordinal), EnumOf(schema).Order(StringComparer.Ordinal));

    public static TheoryData<string> BodySchemas => new(BodyTypes.Keys);

    /// <summary>The schemas of request and response bodies, and the types the code reads or writes them with.</summary>
    private static readonly Dictionary<string, Type> BodyTypes = new(StringComparer.Ordinal)
    {
        ["Problem"] = typeof(ProblemBody),
        ["CaptureRequest"] = typeof(CaptureRequest),
        ["CaptureSubject"] = typeof(SubjectInput),
        ["FormInput"] = typeof(FormInput),
        ["SourceInput"] = typeof(SourceInput),
        ["ConsentBox"] = typeof(ConsentInput),
        ["CaptureResponse"] = typeof(CaptureResponse),
        ["CaptureResponseConsent"] = typeof(CaptureResponseConsent),
        ["ReceiptProof"] = typeof(ReceiptProof),
        ["ReceiptDocument"] = typeof(ReceiptDocument),
        ["SubjectIdentity"] = typeof(SubjectIdentity),
        ["FormInfo"] = typeof(FormInfo),
        ["SourceInfo"] = typeof(SourceInfo),
        ["ConsentRecord"] = typeof(ConsentRecord),
        ["CaptureContext"] = typeof(CaptureContext),
        ["ReceiptIntegrity"] = typeof(ReceiptIntegrity),
        ["NoticeRequest"] = typeof(NoticeRequest),
        ["Notice"] = typeof(Notice),
        ["DecisionRequest"] = typeof(Core.Decisions.DecisionRequest),
        ["Decision"] = typeof(Decision),
        ["SubjectRef"] = typeof(SubjectRef),
        ["InteractionRequest"] = typeof(InteractionRequest),
        ["InteractionFact"] = typeof(InteractionFact),
        ["ObjectionRequest"] = typeof(ObjectionRequest),
        ["SubjectRequest"] = typeof(SubjectRequest),
        ["RectifyRequest"] = typeof(RectifyRequest),
        ["SubjectExport"] = typeof(SubjectExport),
        ["ConsentFact"] = typeof(ConsentFact),
        ["SuppressionFact"] = typeof(SuppressionFact),
        ["UnsubscribeLinkRequest"] = typeof(UnsubscribeLinkRequest),
        ["UnsubscribeLink"] = typeof(UnsubscribeLink),
        ["RetentionSummary"] = typeof(RetentionSummary),
        ["BreachFacts"] = typeof(BreachFacts),
        ["DpoContact"] = typeof(DpoContact),
        ["PeopleInformed"] = typeof(PeopleInformed),
        ["BreachOpenRequest"] = typeof(BreachRequest),
        ["BreachNotifyRequest"] = typeof(NotifyRequest),
        ["BreachDecisionRequest"] = typeof(Core.Breaches.BreachDecisionRequest),
        ["BreachNotification"] = typeof(BreachNotification),
        ["BreachDecision"] = typeof(BreachDecision),
        ["BreachEntry"] = typeof(BreachEntry),
        ["Breach"] = typeof(BreachView),
        ["BreachRegister"] = typeof(BreachRegisterView),
        ["ProofPack"] = typeof(Core.Proofs.ProofPack),
        ["PackReceipt"] = typeof(Core.Proofs.PackReceipt),
        ["PackAct"] = typeof(Core.Proofs.PackAct),
        ["PackDay"] = typeof(Core.Proofs.PackDay),
        ["ConsentRecord27560"] = typeof(Core.Proofs.ConsentRecord27560),
        ["ConsentNotice"] = typeof(Core.Proofs.ConsentNotice),
        ["ConsentStatusEntry"] = typeof(Core.Proofs.ConsentStatusEntry),
    };

    [Theory]
    [MemberData(nameof(BodySchemas))]
    public void Each_body_schema_names_exactly_the_fields_of_its_type(string schema)
    {
        // A property marked [JsonIgnore] is listed with neither getter nor setter: the serializer never touches it.
        var fields = JsonDefaults.Options.GetTypeInfo(BodyTypes[schema]).Properties.Where(p => p.Get is not null || p.Set is not null).Select(p => p.Name);
        Assert.Equal(fields.Order(StringComparer.Ordinal), PropertiesOf(Schema(schema)).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Constants(Type type)
        => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static JsonElement Schema(string name) => Document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static IEnumerable<string> EnumOf(string schema)
        => Schema(schema).GetProperty("enum").EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()!).ToList();

    /// <summary>The properties a schema names, through its references and its allOf/anyOf/oneOf parts.</summary>
    private static HashSet<string> PropertiesOf(JsonElement schema)
    {
        schema = Resolve(schema);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var properties))
        {
            names.UnionWith(properties.EnumerateObject().Select(p => p.Name));
        }
        foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                {
                    names.UnionWith(PropertiesOf(part));
                }
            }
        }
        return names;
    }

    private static JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            Assert.True(TryPoint(reference.GetString()!, out element), $"{reference.GetString()} does not resolve");
        }
        return element;
    }

    /// <summary>Follows a local JSON pointer (RFC 6901) from the document's root.</summary>
    private static bool TryPoint(string reference, out JsonElement target)
    {
        target = Document;
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var token in reference[2..].Split('/'))
        {
            var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out var next))
            {
                target = next;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
