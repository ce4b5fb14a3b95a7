namespace ConsentFunctions.Core.Storage;

public sealed class StorageOptions
{
    /// <summary>
    /// The Functions storage setting. Either a connection string (<c>UseDevelopmentStorage=true</c>
    /// for Azurite) or, in Azure, the identity-based form with <c>AzureWebJobsStorage__tableServiceUri</c>.
    /// </summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>Prefixed to every table and queue name; lets several environments share an account.</summary>
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>
    /// Prefixed to every queue name this app reads or writes. For tests and shared local storage
    /// only: in Azure the queue triggers listen on the contract's names, so leave it empty there.
    /// </summary>
    public string QueuePrefix { get; set; } = string.Empty;

    /// <summary>Retries of one storage call by the SDK before the caller gets an error (exponential back-off).</summary>
    public int MaxRetries { get; set; } = 3;
}
