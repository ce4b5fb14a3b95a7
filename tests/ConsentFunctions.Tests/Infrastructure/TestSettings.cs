namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>Settings every test app uses, over a fresh table prefix so tests never see each other's rows.</summary>
public static class TestSettings
{
    public const string AdminKey = "test-admin-key";
    public const string AllowedOrigin = "https://shop.example.fr";

    public static async Task<Dictionary<string, string?>> CreateAsync()
        => new()
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync(),
            ["Storage:TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Subjects:HashKey"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("tests-only-subject-hash-key-of-32-bytes!")),
            ["Cors:AllowedOrigins"] = AllowedOrigin + ",http://localhost:3000",
            ["LocalHost:AdminKey"] = AdminKey,
        };
}
