namespace ConsentFunctions.Tests.Deployment;

/// <summary>The daily proof roots are written once and then nobody, the operator included, may change them for Proofs:ImmutableYears.</summary>
public class ProofStorageTests
{
    private const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string PolicyType = "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies";

    [Fact]
    public async Task Container_proof_roots_has_a_time_based_immutability_policy_of_Proofs_ImmutableYears()
    {
        var main = await BicepCli.CompiledMainAsync();
        var storage = ArmTemplate.ModuleDeclaring(main, PolicyType);

        Assert.Contains(storage.ResourcesOfType(ContainerType), c => c.GetProperty("name").GetString()!.Contains("'proof-roots'", StringComparison.Ordinal));
        var policy = Assert.Single(storage.ResourcesOfType(PolicyType));
        Assert.Contains("'proof-roots'", policy.GetProperty("name").GetString()!, StringComparison.Ordinal);
        var properties = policy.GetProperty("properties");
        Assert.Equal("[mul(parameters('proofImmutableYears'), 365)]", properties.GetProperty("immutabilityPeriodSinceCreationInDays").GetString());
        Assert.False(properties.GetProperty("allowProtectedAppendWrites").GetBoolean());

        // The years come from main.bicep's parameter, 6 by default, and reach the app's setting too.
        Assert.Equal("[parameters('proofImmutableYears')]", storage.ParameterValue("proofImmutableYears"));
        var years = main.GetProperty("parameters").GetProperty("proofImmutableYears");
        Assert.Equal(6, years.GetProperty("defaultValue").GetInt32());
        Assert.Equal(1, years.GetProperty("minValue").GetInt32());
        var api = ArmTemplate.ModuleDeclaring(main, "Microsoft.Web/sites");
        var settings = api.ResourcesOfType("Microsoft.Web/sites/config").Select(r => r.GetProperty("properties")).Single(p => p.TryGetProperty("Proofs__Schedule", out _));
        Assert.Equal("0 15 0 * * *", settings.GetProperty("Proofs__Schedule").GetString());
        Assert.Equal("[string(parameters('proofImmutableYears'))]", settings.GetProperty("Proofs__ImmutableYears").GetString());
        Assert.Equal("[parameters('proofTsaUrl')]", settings.GetProperty("Proofs__TsaUrl").GetString());
    }
}
