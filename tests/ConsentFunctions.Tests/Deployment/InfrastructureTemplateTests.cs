using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>
/// Reads the ARM JSON compiled from infra/main.bicep and checks what the law and our security
/// rules need of the deployment: identity-only storage, secrets only in Key Vault, the app's roles.
/// </summary>
public class InfrastructureTemplateTests
{
    // Built-in role definition ids (the same in every tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly string[] AppRoles =
        [StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, KeyVaultSecretsUser, MonitoringMetricsPublisher];

    // Settings that hold a secret: each must be a Key Vault reference.
    private static readonly string[] SecretSettings = ["Subjects__HashKey", "Unsubscribe__SigningKeys", "Alerts__WebhookUrl", "Smtp__Password"];

    // Named like a secret but not one: it only names the ingestion endpoints (local authentication
    // is off), and a Key Vault reference there breaks the portal's telemetry wiring.
    private const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    // What never belongs in a plain setting, nor in what feeds one.
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=", "SharedAccessSignature", "SharedAccessKey", "InstrumentationKey", "DefaultEndpointsProtocol",
        "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "listSecrets(", ".ConnectionString", "primaryKey", "sas=",
    ];

    private static readonly Regex KeyVaultReference = new(@"format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', parameters\('(?<uri>[^']+)'\)\)");

    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string SiteType = "Microsoft.Web/sites";
    private const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string VaultType = "Microsoft.KeyVault/vaults";

    [Fact]
    public async Task The_storage_account_takes_no_shared_key_only_https_and_tls_1_2()
    {
        var main = await BicepCli.CompiledMainAsync();
        var (_, account) = Assert.Single(ArmTemplate.Find(main, StorageAccountType));
        var properties = account.GetProperty("properties");
        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(properties.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public async Task The_storage_account_has_every_queue_and_table_of_the_app()
    {
        var main = await BicepCli.CompiledMainAsync();
        var storage = ArmTemplate.ModuleDeclaring(main, StorageAccountType);

        var tables = LoopNames(storage, "Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Empty(TableNames.All.Except(tables));
        Assert.Empty(tables.Except(TableNames.All)); // no table the app does not use

        var queues = LoopNames(storage, "Microsoft.Storage/storageAccounts/queueServices/queues");
        var contractQueues = typeof(QueueNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.Contains(QueueNames.UnsubscribeRequests, contractQueues);
        Assert.Empty(contractQueues.Append(QueueNames.Poison(QueueNames.UnsubscribeRequests)).Except(queues));

        // The deployment package's container and proof-roots (Deployment/ProofStorageTests.cs): neither public.
        var containers = storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Equal(2, containers.Count);
        Assert.All(containers, c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public async Task The_function_app_runs_dotnet_isolated_10_on_flex_consumption_as_its_identity()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var identity = ArmTemplate.ModuleDeclaring(main, IdentityType);

        var plan = Assert.Single(api.ResourcesOfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        var site = Assert.Single(api.ResourcesOfType(SiteType));
        var config = site.GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        var deployment = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", deployment.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());

        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var identityId = ParameterOf(site.GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString()!);
        Assert.True(ArmTemplate.ReadsOutput(api.ParameterValue(identityId), identity, "id"), "Key Vault references must resolve with the app's user-assigned identity.");
        Assert.Contains(site.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject(), p => p.Name.Contains($"parameters('{identityId}')", StringComparison.Ordinal));
        Assert.Contains($"parameters('{identityId}')", deployment.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString(), StringComparison.Ordinal);

        Assert.Contains("azd-service-name", site.GetProperty("tags").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_flex_site_is_https_only_with_tls_1_2_no_ftps_state_no_basic_publishing_and_no_platform_cors()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var site = Assert.Single(api.ResourcesOfType(SiteType)).GetProperty("properties");
        Assert.True(site.GetProperty("httpsOnly").GetBoolean());
        var siteConfig = site.GetProperty("siteConfig");
        Assert.Equal("1.2", siteConfig.GetProperty("minTlsVersion").GetString());
        // ARM rejects ftpsState on a Flex Consumption site (error 51021): the first deployment would fail.
        Assert.False(siteConfig.TryGetProperty("ftpsState", out _), "siteConfig.ftpsState is invalid on Flex Consumption.");
        Assert.False(siteConfig.GetProperty("alwaysOn").GetBoolean());
        // The capture function answers CORS itself; platform CORS would answer first.
        Assert.Empty(siteConfig.GetProperty("cors").GetProperty("allowedOrigins").EnumerateArray());

        // Basic-auth publishing stays off (azd deploys with Entra ID); Flex has no FTP endpoint, so no 'ftp' policy.
        var policies = api.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        var scm = Assert.Single(policies);
        Assert.Contains("'scm'", scm.GetProperty("name").GetString()!, StringComparison.Ordinal);
        Assert.False(scm.GetProperty("properties").GetProperty("allow").GetBoolean());
        Assert.DoesNotContain("ftpsState", api.Template.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_app_setting_holds_a_key_or_a_connection_secret()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        foreach (var (name, value) in AppSettings(api))
        {
            AssertNoSecret(name, value);
            // What the app module is given for this setting, as main computes it.
            foreach (var parameter in ParametersIn(value))
            {
                AssertNoSecret($"{name} (parameter {parameter})", api.ParameterValue(parameter));
            }
        }
        Assert.DoesNotContain("AzureWebJobsStorage", AppSettings(api).Keys);
    }

    [Fact]
    public async Task Secrets_are_key_vault_references_to_an_rbac_vault()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var vaultModule = ArmTemplate.ModuleDeclaring(main, VaultType);
        var settings = AppSettings(api);

        var secretLike = settings.Keys.Where(k => k != ApplicationInsightsConnectionString && Regex.IsMatch(k,
            "(key|keys|secret|password|token|connection_?string|webhookurl)$", RegexOptions.IgnoreCase));
        foreach (var name in SecretSettings.Union(secretLike))
        {
            Assert.True(settings.TryGetValue(name, out var value), $"missing app setting {name}");
            var reference = KeyVaultReference.Match(value);
            Assert.True(reference.Success, $"{name} must be a Key Vault reference: {value}");
            Assert.True(api.ParameterValue(reference.Groups["uri"].Value).Contains($"reference('{vaultModule.Name}').outputs.", StringComparison.Ordinal),
                $"{name} must reference a secret of the app's Key Vault.");
        }

        var vault = Assert.Single(vaultModule.ResourcesOfType(VaultType)).GetProperty("properties");
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
    }

    [Fact]
    public async Task Kept_secrets_are_written_only_when_given_and_never_generated()
    {
        var main = await BicepCli.CompiledMainAsync();
        var text = main.GetRawText();
        // A generated value would change the subject hash key (or the signing keys) on every deployment.
        Assert.DoesNotContain("newGuid(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("utcNow(", text, StringComparison.Ordinal);

        foreach (var parameter in new[] { "subjectsHashKey", "unsubscribeSigningKeys", "alertsWebhookUrl", "smtpPassword" })
        {
            var declared = main.GetProperty("parameters").GetProperty(parameter);
            Assert.Equal("securestring", declared.GetProperty("type").GetString());
            Assert.Equal(string.Empty, declared.GetProperty("defaultValue").GetString());
        }

        var vaultModule = ArmTemplate.ModuleDeclaring(main, VaultType);
        var secrets = vaultModule.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").ToList();
        foreach (var parameter in new[] { "subjectsHashKey", "unsubscribeSigningKeys", "alertsWebhookUrl", "smtpPassword" })
        {
            var secret = Assert.Single(secrets, s => s.GetProperty("properties").GetProperty("value").GetString() == $"[parameters('{parameter}')]");
            Assert.Equal($"[not(empty(parameters('{parameter}')))]", secret.GetProperty("condition").GetString());
            Assert.Equal("securestring", vaultModule.Template.GetProperty("parameters").GetProperty(parameter).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Key_vault_keeps_only_real_secrets()
    {
        var main = await BicepCli.CompiledMainAsync();
        var vaultModule = ArmTemplate.ModuleDeclaring(main, VaultType);
        var names = vaultModule.Variable("secretNames").EnumerateObject().Select(p => p.Value.GetString()).Order().ToList();
        Assert.Equal(["alerts-webhook-url", "smtp-password", "subjects-hash-key", "unsubscribe-signing-keys"], names);
        Assert.Equal(4, vaultModule.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Count());
        Assert.DoesNotContain("applicationinsights", vaultModule.Template.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_application_insights_connection_string_is_a_plain_setting_from_the_component()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var monitoring = ArmTemplate.ModuleDeclaring(main, "Microsoft.Insights/components");
        var value = AppSettings(api)[ApplicationInsightsConnectionString];
        Assert.DoesNotContain("KeyVault", value, StringComparison.OrdinalIgnoreCase);
        Assert.True(ArmTemplate.ReadsOutput(api.ParameterValue(ParameterOf(value)), monitoring, "applicationInsightsConnectionString"),
            "The connection string must come straight from the Application Insights component.");
        Assert.Equal("string", api.Template.GetProperty("parameters").GetProperty(ParameterOf(value)).GetProperty("type").GetString());
        var output = monitoring.Template.GetProperty("outputs").GetProperty("applicationInsightsConnectionString").GetProperty("value").GetString()!;
        Assert.Contains(".ConnectionString", output, StringComparison.Ordinal);
        // Only safe in plain text because nobody can ingest with it alone.
        var (_, component) = Assert.Single(ArmTemplate.Find(main, "Microsoft.Insights/components"));
        Assert.True(component.GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
    }

    [Fact]
    public async Task The_webhook_is_switched_by_its_own_parameter_not_by_the_presence_of_its_url()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var enabled = main.GetProperty("parameters").GetProperty("alertsWebhookEnabled");
        Assert.Equal("bool", enabled.GetProperty("type").GetString());
        Assert.False(enabled.GetProperty("defaultValue").GetBoolean());
        // Passed as it is: a later provision without the URL keeps the webhook as it was configured.
        Assert.Equal("[parameters('alertsWebhookEnabled')]", api.ParameterValue("alertsWebhookEnabled"));
        var setting = AppSettings(api)["Alerts__WebhookUrl"];
        Assert.StartsWith("[if(parameters('alertsWebhookEnabled'), format('@Microsoft.KeyVault(SecretUri={0})'", setting, StringComparison.Ordinal);
        Assert.EndsWith(", '')]", setting, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_settings_reach_the_app_with_the_password_from_the_vault_only_with_a_login()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var settings = AppSettings(api);
        Assert.Equal("[parameters('smtpHost')]", settings["Smtp__Host"]);
        Assert.Equal("[string(parameters('smtpPort'))]", settings["Smtp__Port"]);
        Assert.Equal("[parameters('smtpUser')]", settings["Smtp__User"]);
        Assert.Equal("[parameters('smtpFrom')]", settings["Smtp__From"]);
        Assert.Equal("[parameters('breachAlertEmails')]", settings["Breaches__AlertEmails"]);
        // STARTTLS is required in Azure: plain text is never switched on by the template.
        Assert.DoesNotContain("Smtp__AllowPlaintext", settings.Keys);
        var password = settings["Smtp__Password"];
        Assert.StartsWith("[if(empty(parameters('smtpUser')), '', format('@Microsoft.KeyVault(SecretUri={0})'", password, StringComparison.Ordinal);
        Assert.Equal(587, main.GetProperty("parameters").GetProperty("smtpPort").GetProperty("defaultValue").GetInt32());
        foreach (var (name, value) in new[] { ("smtpHost", main.GetProperty("parameters").GetProperty("smtpHost")), ("breachAlertEmails", main.GetProperty("parameters").GetProperty("breachAlertEmails")) })
        {
            Assert.True(value.GetProperty("defaultValue").GetString() == string.Empty, name + " is off by default");
        }
    }

    [Fact]
    public async Task The_readme_lists_every_identity_based_storage_setting_the_template_sets()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var readme = File.ReadAllText(Path.Combine(BicepCli.RepositoryPath, "README.md"));
        var storageSettings = AppSettings(api).Keys.Where(k => k.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal)).ToList();
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", storageSettings);
        foreach (var setting in storageSettings)
        {
            var suffix = setting["AzureWebJobsStorage".Length..];
            Assert.True(readme.Contains(setting, StringComparison.Ordinal) || readme.Contains($"`{suffix}", StringComparison.Ordinal),
                $"README's settings table does not name {setting}.");
        }
    }

    [Fact]
    public async Task Storage_settings_are_identity_based()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var identity = ArmTemplate.ModuleDeclaring(main, IdentityType);
        var storage = ArmTemplate.ModuleDeclaring(main, StorageAccountType);
        var settings = AppSettings(api);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.True(ArmTemplate.ReadsOutput(api.ParameterValue(ParameterOf(settings["AzureWebJobsStorage__clientId"])), identity, "clientId"));
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var parameter = ParameterOf(settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
            Assert.True(ArmTemplate.ReadsOutput(api.ParameterValue(parameter), storage, $"{service}ServiceUri"), $"{service} URI must come from the storage account.");
        }
        Assert.Equal("0 */10 * * * *", settings["Breaches__WatchSchedule"]);
        Assert.Equal("0 0 3 * * *", settings["Retention__Schedule"]);
        Assert.Contains("parameters(", settings["Cors__AllowedOrigins"], StringComparison.Ordinal);
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
    }

    [Fact]
    public async Task Telemetry_uses_entra_id_with_the_app_identity()
    {
        var main = await BicepCli.CompiledMainAsync();
        var api = ArmTemplate.ModuleDeclaring(main, SiteType);
        var identity = ArmTemplate.ModuleDeclaring(main, IdentityType);
        var (_, component) = Assert.Single(ArmTemplate.Find(main, "Microsoft.Insights/components"));
        Assert.True(component.GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
        Assert.True(component.GetProperty("properties").TryGetProperty("WorkspaceResourceId", out _));

        var authentication = AppSettings(api)["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        Assert.Contains("Authorization=AAD;ClientId=", authentication, StringComparison.Ordinal);
        Assert.True(ArmTemplate.ReadsOutput(api.ParameterValue(Assert.Single(ParametersIn(authentication))), identity, "clientId"));
    }

    [Fact]
    public async Task Every_role_the_app_needs_is_assigned_to_its_identity()
    {
        var main = await BicepCli.CompiledMainAsync();
        var identity = ArmTemplate.ModuleDeclaring(main, IdentityType);
        var assigned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (template, assignment) in ArmTemplate.Find(main, "Microsoft.Authorization/roleAssignments"))
        {
            var properties = assignment.GetProperty("properties");
            var principal = properties.GetProperty("principalId").GetString()!;
            var parameter = ParametersIn(principal).SingleOrDefault();
            if (parameter is null || !ArmTemplate.ReadsOutput(template.ParameterValue(parameter), identity, "principalId"))
            {
                continue;
            }
            Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
            var role = properties.GetProperty("roleDefinitionId").GetString()!;
            assigned.UnionWith(AppRoles.Where(id => role.Contains(id, StringComparison.OrdinalIgnoreCase)));
        }
        Assert.Equal(AppRoles.Order(), assigned.Order());
    }

    [Fact]
    public async Task Main_outputs_what_azd_needs_and_the_app_url()
    {
        var main = await BicepCli.CompiledMainAsync();
        var outputs = main.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        Assert.Empty(new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "SERVICE_API_NAME", "SERVICE_API_URI", "API_URL" }.Except(outputs));
    }

    private static Dictionary<string, string> AppSettings(ArmTemplate api)
    {
        var config = Assert.Single(api.ResourcesOfType("Microsoft.Web/sites/config"),
            c => c.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal));
        var properties = config.GetProperty("properties");
        Assert.True(properties.ValueKind == JsonValueKind.Object, "App settings must be a literal object so they can be checked.");
        return properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    private static void AssertNoSecret(string name, string value)
    {
        foreach (var marker in SecretMarkers)
        {
            Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"App setting {name} holds '{marker}': {value}");
        }
    }

    private static IEnumerable<string> ParametersIn(string expression)
        => Regex.Matches(expression, @"parameters\('(?<name>[^']+)'\)").Select(m => m.Groups["name"].Value).Distinct();

    private static string ParameterOf(string expression) => Assert.Single(ParametersIn(expression));

    private static List<string> LoopNames(ArmTemplate template, string type)
    {
        var resource = Assert.Single(template.ResourcesOfType(type));
        var name = resource.GetProperty("name").GetString()!;
        var variable = Regex.Match(name, @"variables\('(?<name>[^']+)'\)\[copyIndex\(\)\]");
        Assert.True(variable.Success, $"{type} should loop over a variable list: {name}");
        return template.Variable(variable.Groups["name"].Value).EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
