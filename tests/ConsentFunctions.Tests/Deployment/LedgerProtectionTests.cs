using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>
/// The storage account holds the consent ledger the business must keep: it must outlive an
/// `azd down` or a mistaken deletion, and be created with a redundancy the region offers.
/// </summary>
public class LedgerProtectionTests
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";

    // Regions of the EU (and EEA) that offer Flex Consumption and that DEPLOY.md suggests for personal data.
    private static readonly string[] EuRegions =
        ["francecentral", "germanywestcentral", "italynorth", "northeurope", "norwayeast", "spaincentral", "swedencentral", "westeurope"];

    [Fact]
    public async Task A_cannot_delete_lock_guards_the_storage_account()
    {
        var main = await BicepCli.CompiledMainAsync();
        var storage = ArmTemplate.ModuleDeclaring(main, StorageAccountType);
        var account = Assert.Single(storage.ResourcesOfType(StorageAccountType));

        var lockResource = Assert.Single(storage.ResourcesOfType("Microsoft.Authorization/locks"));
        Assert.Equal("CanNotDelete", lockResource.GetProperty("properties").GetProperty("level").GetString());
        // Scoped to this very account (the compiled scope is its resource id).
        var scope = lockResource.GetProperty("scope").GetString()!;
        Assert.Equal($"[resourceId('{StorageAccountType}', parameters('name'))]", scope);
        Assert.Equal("[parameters('name')]", account.GetProperty("name").GetString());
        Assert.Contains("docs/DEPLOY.md", lockResource.GetProperty("properties").GetProperty("notes").GetString(), StringComparison.Ordinal);

        // The lock's name reaches the operator (azd env values) and DEPLOY.md says how to remove it.
        var lockName = storage.ParameterValue("deleteLockName");
        Assert.Contains("AZURE_STORAGE_LOCK_NAME", main.GetProperty("outputs").EnumerateObject().Select(o => o.Name));
        var deploy = File.ReadAllText(Path.Combine(BicepCli.RepositoryPath, "docs", "DEPLOY.md"));
        Assert.Contains(lockName, deploy, StringComparison.Ordinal);
        Assert.Contains("az lock delete", deploy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_blobs_and_containers_stay_recoverable()
    {
        var main = await BicepCli.CompiledMainAsync();
        var storage = ArmTemplate.ModuleDeclaring(main, StorageAccountType);
        var blobService = Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices")).GetProperty("properties");
        foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
        {
            var retention = blobService.GetProperty(policy);
            Assert.True(retention.GetProperty("enabled").GetBoolean(), policy);
            Assert.Equal("[parameters('softDeleteRetentionDays')]", retention.GetProperty("days").GetString());
        }
        Assert.Equal("[parameters('storageSoftDeleteRetentionDays')]", storage.ParameterValue("softDeleteRetentionDays"));
        var days = main.GetProperty("parameters").GetProperty("storageSoftDeleteRetentionDays");
        Assert.InRange(days.GetProperty("defaultValue").GetInt32(), 7, 365);
        Assert.Equal(1, days.GetProperty("minValue").GetInt32());
    }

    [Fact]
    public async Task The_location_is_one_of_the_flex_consumption_regions()
    {
        var main = await BicepCli.CompiledMainAsync();
        var location = main.GetProperty("parameters").GetProperty("location");
        var allowed = location.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Empty(EuRegions.Except(allowed));
        Assert.Equal(allowed.Count, allowed.Distinct().Count());
        Assert.All(allowed, region => Assert.Matches("^[a-z0-9]+$", region));
        // Not a canary or a region without Flex Consumption that a typo could pick.
        Assert.DoesNotContain("eastus2euap", allowed);
        Assert.DoesNotContain("francesouth", allowed);
        Assert.Equal("location", location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Storage_redundancy_falls_back_where_the_region_has_no_availability_zones()
    {
        var main = await BicepCli.CompiledMainAsync();
        var parameters = main.GetProperty("parameters");
        var regions = parameters.GetProperty("location").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();
        var skus = new ArmTemplate(string.Empty, main, null).ParameterDeclaration("storageSku")
            .GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Equal(["Standard_GRS", "Standard_GZRS", "Standard_LRS", "Standard_ZRS"], skus.Order());
        Assert.Equal("Standard_ZRS", parameters.GetProperty("storageSku").GetProperty("defaultValue").GetString());

        var storage = ArmTemplate.ModuleDeclaring(main, StorageAccountType);
        var sku = Regex.Match(storage.ParameterValue("skuName"), @"^\[variables\('(?<name>\w+)'\)\]$");
        Assert.True(sku.Success, "The storage module must be given the computed redundancy.");
        var expression = Variable(main, sku.Groups["name"].Value).GetString()!;
        // The one shape this test evaluates: if(contains(zoneless, location), fallback[storageSku], storageSku).
        var shape = Regex.Match(expression,
            @"^\[if\(contains\(variables\('(?<zoneless>\w+)'\), parameters\('location'\)\), variables\('(?<fallback>\w+)'\)\[parameters\('storageSku'\)\], parameters\('storageSku'\)\)\]$");
        Assert.True(shape.Success, "Unexpected redundancy expression: " + expression);
        var zoneless = Variable(main, shape.Groups["zoneless"].Value).EnumerateArray().Select(v => v.GetString()!).ToList();
        var fallback = Variable(main, shape.Groups["fallback"].Value).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

        Assert.Empty(zoneless.Except(regions));
        Assert.Contains("westus", zoneless);
        Assert.DoesNotContain("francecentral", zoneless);
        foreach (var region in regions)
        {
            foreach (var chosen in skus)
            {
                var effective = zoneless.Contains(region) ? fallback[chosen] : chosen;
                Assert.Contains(effective, skus);
                if (zoneless.Contains(region))
                {
                    Assert.DoesNotContain("ZRS", effective, StringComparison.Ordinal);
                    // A geo-redundant choice stays geo-redundant (GZRS to GRS).
                    Assert.Equal(chosen.StartsWith("Standard_G", StringComparison.Ordinal), effective.StartsWith("Standard_G", StringComparison.Ordinal));
                }
                else
                {
                    Assert.Equal(chosen, effective);
                }
            }
        }
        Assert.Contains("AZURE_STORAGE_SKU", main.GetProperty("outputs").EnumerateObject().Select(o => o.Name));
    }

    private static JsonElement Variable(JsonElement main, string name) => main.GetProperty("variables").GetProperty(name);
}
