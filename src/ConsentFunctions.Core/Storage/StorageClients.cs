using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.Core.Storage;

public sealed record StorageServiceClients(TableServiceClient Tables, QueueServiceClient Queues);

/// <summary>
/// Builds the Azure SDK clients from the same setting the Functions host reads: a connection
/// string locally (Azurite), or service URIs with a managed identity in Azure (no account key).
/// </summary>
public static class StorageClients
{
    public static StorageServiceClients Create(IConfiguration configuration, StorageRoundTrips roundTrips)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = storage.MaxRetries;
        tableOptions.AddPolicy(roundTrips, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.Retry.MaxRetries = storage.MaxRetries;
        queueOptions.AddPolicy(roundTrips, HttpPipelinePosition.PerRetry);

        var connectionString = configuration[StorageOptions.ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageServiceClients(new TableServiceClient(connectionString, tableOptions), new QueueServiceClient(connectionString, queueOptions));
        }

        var section = configuration.GetSection(StorageOptions.ConnectionName);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(queueUri))
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri.");
        }
        var credential = CreateCredential(section);
        return new StorageServiceClients(new TableServiceClient(new Uri(tableUri), credential, tableOptions),
                new QueueServiceClient(new Uri(queueUri), credential, queueOptions));
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
