namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>Settings every test app uses, over a fresh table prefix so tests never see each other's rows.</summary>
public static class TestSettings
{
    public const string AdminKey = "test-admin-key";
    public const string AllowedOrigin = "https://shop.example.fr";

    /// <summary>The signing keys of unsubscribe links in tests: "current" signs, "previous" still verifies.</summary>
    public static readonly string SigningKeys =
        "current=" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("tests-only-current-unsubscribe-key-32b!!"))
        + ";previous=" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("tests-only-previous-unsubscribe-key-32b!"));

    public static async Task<Dictionary<string, string?>> CreateAsync()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        return new()
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync(),
            ["Storage:TablePrefix"] = prefix,
            ["Storage:QueuePrefix"] = prefix + "-",
            ["Unsubscribe:SigningKeys"] = SigningKeys,
            ["Unsubscribe:BaseUrl"] = "https://consent.example.fr",
            ["Subjects:HashKey"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("tests-only-subject-hash-key-of-32-bytes!")),
            ["Cors:AllowedOrigins"] = AllowedOrigin + ",http://localhost:3000",
            ["LocalHost:AdminKey"] = AdminKey,
            ["Rules:ControllerNames"] = "Boutique Exemple SAS",
        };
    }
}
