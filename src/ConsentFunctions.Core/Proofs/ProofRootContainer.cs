using Azure.Core;
using Azure.Storage.Blobs;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

/// <summary>
/// The container proof-roots, reached through the same setting as tables and queues: a
/// connection string locally (Azurite serves blobs too), or in Azure the identity-based
/// <c>AzureWebJobsStorage__blobServiceUri</c> the Functions host already needs, with the same
/// managed identity (Storage/StorageClients.cs). Created once per process on first use.
/// </summary>
public sealed class ProofRootContainer
{
    private readonly CreatedOnce<BlobContainerClient> _container;

    public ProofRootContainer(IConfiguration configuration, IOptions<StorageOptions> storage, StorageRoundTrips roundTrips)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        Name = storage.Value.QueuePrefix + ProofOptions.Container;
        _container = new(async name =>
        {
            var client = Service(configuration, storage.Value, roundTrips).GetBlobContainerClient(name);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public string Name { get; }

    public Task<BlobContainerClient> ContainerAsync() => _container.GetAsync(Name);

    private static BlobServiceClient Service(IConfiguration configuration, StorageOptions storage, StorageRoundTrips roundTrips)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = storage.MaxRetries;
        options.AddPolicy(roundTrips, HttpPipelinePosition.PerRetry);
        var connection = StorageConnection.FromConfiguration(configuration);
        if (connection.ConnectionString is { } connectionString)
        {
            return new BlobServiceClient(connectionString, options);
        }
        var key = StorageOptions.ConnectionName + ":blobServiceUri";
        if (!Uri.TryCreate(configuration[key], UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Storage is configured by identity but {StorageOptions.ConnectionName}__blobServiceUri is missing: the proof roots live in blob storage.");
        }
        return new BlobServiceClient(uri, StorageClients.CreateCredential(connection), options);
    }
}
