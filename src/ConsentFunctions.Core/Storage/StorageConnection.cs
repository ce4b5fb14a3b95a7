using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.Core.Storage;

/// <summary>Which credential the storage clients authenticate with.</summary>
public enum StorageCredentialKind
{
    /// <summary>A connection string: <c>UseDevelopmentStorage=true</c> (Azurite) or an account's full connection string.</summary>
    ConnectionString,

    /// <summary><c>__credential=managedidentity</c>: the app's managed identity, user-assigned when a client id is given.</summary>
    ManagedIdentity,

    /// <summary>Service URIs without a credential setting: <c>DefaultAzureCredential</c> (developer sign-in, environment, identity).</summary>
    DefaultAzureCredential,
}

/// <summary>
/// How to reach storage, read from the same setting the Functions host reads
/// (<see cref="StorageOptions.ConnectionName"/>): either a connection string, or the identity-based
/// form <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__credential</c>,
/// <c>__clientId</c>. A pure function of configuration: it builds no client and reads no token.
/// </summary>
public sealed record StorageConnection(
    StorageCredentialKind Credential,
    string? ConnectionString,
    Uri? TableServiceUri,
    Uri? QueueServiceUri,
    string? ClientId)
{
    /// <summary>The only <c>__credential</c> value the Functions host knows.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <exception cref="InvalidOperationException">Storage is not configured, or configured inconsistently.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = StorageOptions.ConnectionName;
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(StorageCredentialKind.ConnectionString, connectionString, null, null, null);
        }

        var section = configuration.GetSection(name);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        var credential = section["credential"];
        var clientId = NullIfBlank(section["clientId"]);
        if (string.IsNullOrWhiteSpace(tableUri) && string.IsNullOrWhiteSpace(queueUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {name} (a connection string, UseDevelopmentStorage=true for Azurite) " +
                $"or the identity-based {name}__tableServiceUri and {name}__queueServiceUri (with {name}__credential=managedidentity and {name}__clientId in Azure).");
        }

        var tables = ServiceUri(name, "tableServiceUri", tableUri);
        var queues = ServiceUri(name, "queueServiceUri", queueUri);
        if (string.IsNullOrWhiteSpace(credential))
        {
            return new StorageConnection(StorageCredentialKind.DefaultAzureCredential, null, tables, queues, clientId);
        }
        if (string.Equals(credential.Trim(), ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            return new StorageConnection(StorageCredentialKind.ManagedIdentity, null, tables, queues, clientId);
        }
        throw new InvalidOperationException(
            $"{name}__credential is '{credential}': the only value it takes is '{ManagedIdentityCredential}' (or leave it unset to use DefaultAzureCredential).");
    }

    private static Uri ServiceUri(string connectionName, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Storage is configured by identity but {connectionName}__{key} is missing: set both {connectionName}__tableServiceUri and {connectionName}__queueServiceUri.");
        }
        if (!HttpUrls.TryParse(value.Trim(), out var uri))
        {
            throw new InvalidOperationException($"{connectionName}__{key} is not an absolute http(s) URI: '{value}'.");
        }
        return uri;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
