// The function app on a Flex Consumption plan (scales to zero), running as the user-assigned
// identity. Every connection is identity-based and every secret is a Key Vault reference, so no
// app setting holds a key, a SAS token or a connection secret. The Application Insights
// connection string is a plain setting: it only names endpoints (ingestion needs the identity).

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags of every resource; the app also gets the azd service tag.')
param tags object

@description('Name of the azd service (azure.yaml) deployed to this app.')
param serviceName string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob container URI where Flex Consumption keeps the deployed package.')
param deploymentContainerUri string

@description('Blob service URI of the storage account (the Functions host).')
param blobServiceUri string

@description('Queue service URI of the storage account.')
param queueServiceUri string

@description('Table service URI of the storage account.')
param tableServiceUri string

@description('Versionless Key Vault secret URI of the subject hash key.')
param subjectsHashKeyUri string

@description('Versionless Key Vault secret URI of the unsubscribe signing keys.')
param unsubscribeSigningKeysUri string

@description('Connection string of Application Insights: endpoints only, not a secret (local authentication is off).')
param applicationInsightsConnectionString string

@description('Versionless Key Vault secret URI of the alert webhook.')
param alertsWebhookUrlUri string

@description('Whether breach alerts are also posted to the webhook of the vault; when false, Alerts__WebhookUrl is empty.')
param alertsWebhookEnabled bool

@description('Comma-separated origins whose forms may post consents (the capture function answers CORS itself).')
param allowedOrigins string

@description('Public https base URL of unsubscribe links; empty uses the app\'s default host name. The app refuses to start without one in Azure.')
param unsubscribeBaseUrl string

@description('Smtp__Host: the SMTP server of confirmation and breach alert emails; empty sends none (required when breachAlertEmails is set).')
param smtpHost string

@description('Smtp__Port: 587 (STARTTLS, required) or 465 (TLS from the start).')
param smtpPort int

@description('Smtp__User: the SMTP login; empty for none. When set, Smtp__Password is the vault\'s secret.')
param smtpUser string

@description('Versionless Key Vault secret URI of the SMTP password (named so the linter does not take a URI for the secret).')
param smtpLoginUri string

@description('Smtp__From: the sender, "Name <address>" or an address.')
param smtpFrom string

@description('Breaches__AlertEmails: comma-separated addresses the breach deadline alerts are emailed to.')
param breachAlertEmails string
@description('Years the proof roots stay unchangeable (quoted in proof packs; the policy itself is in storage.bicep).')
param proofImmutableYears int

@description('RFC 3161 timestamp authority of the daily proof roots; empty for none.')
param proofTsaUrl string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // No ftpsState: Flex Consumption has no FTP and ARM rejects the property on a Flex site.
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      // Left empty on purpose: the capture function answers CORS itself from Cors__AllowedOrigins.
      cors: {
        allowedOrigins: []
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUri
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION here: the
// runtime is functionAppConfig.runtime above.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Storage for the host and the app: managed identity, no account key.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobServiceUri
    AzureWebJobsStorage__queueServiceUri: queueServiceUri
    AzureWebJobsStorage__tableServiceUri: tableServiceUri
    // Telemetry with Entra ID: the connection string only names the endpoints. A plain value (not
    // a Key Vault reference), as the portal's telemetry wiring expects.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
    // Secrets: Key Vault references resolved with the user-assigned identity. A reference that
    // fails stays as its literal text: the postprovision hook asks the platform to resolve them
    // again, and GET /api/health answers 503 while one is unresolved.
    Subjects__HashKey: '@Microsoft.KeyVault(SecretUri=${subjectsHashKeyUri})'
    Unsubscribe__SigningKeys: '@Microsoft.KeyVault(SecretUri=${unsubscribeSigningKeysUri})'
    Alerts__WebhookUrl: alertsWebhookEnabled ? '@Microsoft.KeyVault(SecretUri=${alertsWebhookUrlUri})' : ''
    // Only with a login: a reference to a secret never written would hold /api/health at 503.
    Smtp__Password: empty(smtpUser) ? '' : '@Microsoft.KeyVault(SecretUri=${smtpLoginUri})'
    // Plain settings.
    Cors__AllowedOrigins: allowedOrigins
    // Links are never built from a request's Host header, which a caller chooses.
    Unsubscribe__BaseUrl: empty(unsubscribeBaseUrl) ? 'https://${app.properties.defaultHostName}' : unsubscribeBaseUrl
    Breaches__WatchSchedule: '0 */10 * * * *'
    Breaches__AlertEmails: breachAlertEmails
    // Email: STARTTLS is required (Smtp__AllowPlaintext is refused in Azure).
    Smtp__Host: smtpHost
    Smtp__Port: string(smtpPort)
    Smtp__User: smtpUser
    Smtp__From: smtpFrom
    Retention__Schedule: '0 0 3 * * *'
    Events__SweepSchedule: '0 */1 * * * *'
    Proofs__Schedule: '0 15 0 * * *'
    Proofs__TsaUrl: proofTsaUrl
    Proofs__ImmutableYears: string(proofImmutableYears)
  }
}

// No basic-authentication publishing: azd deploys with Entra ID. (Flex Consumption has no FTP
// endpoint, so there is no 'ftp' policy to set.)
resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output id string = app.id
output uri string = 'https://${app.properties.defaultHostName}'
