using Azure.Identity;
using ConsentFunctions.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace ConsentFunctions.Tests.Deployment;

/// <summary>
/// The app reads storage from the setting the Functions host reads: a connection string locally,
/// the identity-based form in Azure (what infra/app/api.bicep sets). Each form picks its credential.
/// </summary>
public class StorageConnectionTests
{
    private const string TableUri = "https://stconsent.table.core.windows.net/";
    private const string QueueUri = "https://stconsent.queue.core.windows.net/";
    private const string ClientId = "00000000-1111-2222-3333-444444444444";

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    private static StorageServiceClients Clients(IConfiguration configuration) => StorageClients.Create(configuration, new StorageRoundTrips());

    [Fact]
    public void Development_storage_is_a_connection_string_to_azurite()
    {
        var configuration = Configuration(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));
        var connection = StorageConnection.FromConfiguration(configuration);
        Assert.Equal(StorageCredentialKind.ConnectionString, connection.Credential);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);

        var clients = Clients(configuration);
        Assert.Equal("devstoreaccount1", clients.Tables.AccountName);
        Assert.Equal("127.0.0.1", clients.Queues.Uri.Host);
    }

    [Fact]
    public void A_full_connection_string_is_used_as_it_is()
    {
        var key = Convert.ToBase64String(new byte[64]);
        var value = $"DefaultEndpointsProtocol=https;AccountName=stconsent;AccountKey={key};EndpointSuffix=core.windows.net";
        var configuration = Configuration(("AzureWebJobsStorage", value));
        var connection = StorageConnection.FromConfiguration(configuration);
        Assert.Equal(StorageCredentialKind.ConnectionString, connection.Credential);
        Assert.Equal(value, connection.ConnectionString);
        Assert.Null(connection.TableServiceUri);

        var clients = Clients(configuration);
        Assert.Equal(new Uri(TableUri), clients.Tables.Uri);
        Assert.Equal(new Uri(QueueUri), clients.Queues.Uri);
    }

    [Fact]
    public void A_connection_string_wins_over_identity_settings()
    {
        var configuration = Configuration(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("AzureWebJobsStorage:tableServiceUri", TableUri),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri),
            ("AzureWebJobsStorage:credential", "managedidentity"));
        Assert.Equal(StorageCredentialKind.ConnectionString, StorageConnection.FromConfiguration(configuration).Credential);
    }

    [Fact]
    public void Managed_identity_with_a_client_id_is_the_user_assigned_identity()
    {
        var configuration = Configuration(
            ("AzureWebJobsStorage:tableServiceUri", TableUri),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", ClientId));
        var connection = StorageConnection.FromConfiguration(configuration);
        Assert.Equal(new StorageConnection(StorageCredentialKind.ManagedIdentity, null, new Uri(TableUri), new Uri(QueueUri), ClientId), connection);
        Assert.IsType<ManagedIdentityCredential>(StorageClients.CreateCredential(connection));

        var clients = Clients(configuration);
        Assert.Equal(new Uri(TableUri), clients.Tables.Uri);
        Assert.Equal(new Uri(QueueUri), clients.Queues.Uri);
    }

    [Fact]
    public void Managed_identity_without_a_client_id_is_the_system_assigned_identity()
    {
        var connection = StorageConnection.FromConfiguration(Configuration(
            ("AzureWebJobsStorage:tableServiceUri", TableUri),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri),
            ("AzureWebJobsStorage:credential", "ManagedIdentity")));
        Assert.Equal(StorageCredentialKind.ManagedIdentity, connection.Credential);
        Assert.Null(connection.ClientId);
        Assert.IsType<ManagedIdentityCredential>(StorageClients.CreateCredential(connection));
    }

    [Fact]
    public void Service_uris_without_a_credential_setting_use_the_default_azure_credential()
    {
        var connection = StorageConnection.FromConfiguration(Configuration(
            ("AzureWebJobsStorage:tableServiceUri", TableUri),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri),
            ("AzureWebJobsStorage:clientId", ClientId)));
        Assert.Equal(StorageCredentialKind.DefaultAzureCredential, connection.Credential);
        Assert.Equal(ClientId, connection.ClientId);
        Assert.IsType<DefaultAzureCredential>(StorageClients.CreateCredential(connection));
    }

    [Fact]
    public void Missing_storage_configuration_says_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Configuration(("AzureWebJobsStorage", "  "))));
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("__tableServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Clients(Configuration()));
    }

    [Theory]
    [InlineData("tableServiceUri", "queueServiceUri")]
    [InlineData("queueServiceUri", "tableServiceUri")]
    public void One_service_uri_alone_names_the_missing_one(string given, string missing)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Configuration(
            ($"AzureWebJobsStorage:{given}", TableUri),
            ("AzureWebJobsStorage:credential", "managedidentity"))));
        Assert.Contains($"AzureWebJobsStorage__{missing} is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_service_uri_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Configuration(
            ("AzureWebJobsStorage:tableServiceUri", "stconsent.table.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri))));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_credential_kind_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Configuration(
            ("AzureWebJobsStorage:tableServiceUri", TableUri),
            ("AzureWebJobsStorage:queueServiceUri", QueueUri),
            ("AzureWebJobsStorage:credential", "accountkey"))));
        Assert.Contains("managedidentity", error.Message, StringComparison.Ordinal);
    }
}
