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
    /// <summary>
    /// The one queue message encoding of the app: every producer's client uses it, and host.json's
    /// extensions.queues.messageEncoding must name it (the local host refuses to start otherwise).
    /// </summary>
    public const QueueMessageEncoding QueueEncoding = QueueMessageEncoding.Base64;

    public const string QueueEncodingName = "base64";

    public static StorageServiceClients Create(IConfiguration configuration, StorageRoundTrips roundTrips)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = storage.MaxRetries;
        tableOptions.AddPolicy(roundTrips, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueEncoding };
        queueOptions.Retry.MaxRetries = storage.MaxRetries;
        queueOptions.AddPolicy(roundTrips, HttpPipelinePosition.PerRetry);

        var connection = StorageConnection.FromConfiguration(configuration);
        if (connection.ConnectionString is { } connectionString)
        {
            return new StorageServiceClients(new TableServiceClient(connectionString, tableOptions), new QueueServiceClient(connectionString, queueOptions));
        }

        // FromConfiguration gives both URIs whenever there is no connection string.
        var credential = CreateCredential(connection);
        return new StorageServiceClients(new TableServiceClient(connection.TableServiceUri!, credential, tableOptions),
                new QueueServiceClient(connection.QueueServiceUri!, credential, queueOptions));
    }

    /// <summary>The token credential of an identity-based connection (none for a connection string).</summary>
    public static TokenCredential CreateCredential(StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Credential switch
        {
            StorageCredentialKind.ManagedIdentity => connection.ClientId is null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(connection.ClientId)),
            StorageCredentialKind.DefaultAzureCredential => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId }),
            _ => throw new InvalidOperationException("A connection string carries its own credential."),
        };
    }
}
