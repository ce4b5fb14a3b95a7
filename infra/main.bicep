// ConsentFunctions in Azure: `azd up` provisions this template, then deploys src/ConsentFunctions
// (service `api` of azure.yaml) to the function app. Every module is local (infra/app): no
// registry module, so `bicep build` works offline. See docs/DEPLOY.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME); names the resource group and seeds every resource name.')
param environmentName string

// Regions that offer Flex Consumption (check the current list with
// `az functionapp list-flexconsumption-locations --query "[].name"`; see docs/DEPLOY.md).
@minLength(1)
@description('Azure region of every resource: one that offers Flex Consumption. For EU personal data pick an EU region, e.g. francecentral.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Comma-separated origins whose web forms may post consents, e.g. "https://shop.example.fr,https://www.example.fr". Empty (the default) accepts server-to-server posts only.')
param allowedFormOrigins string = ''

@description('Unsubscribe__BaseUrl: the public https base URL of unsubscribe links (a custom domain). Empty uses the function app\'s own https://<name>.azurewebsites.net.')
param unsubscribeBaseUrl string = ''

@secure()
@description('Subjects__HashKey (base64, >= 32 bytes). Give it on the first deployment only: empty leaves the stored key untouched. It keys every stored person and must never change.')
param subjectsHashKey string = ''

@secure()
@description('Unsubscribe__SigningKeys ("keyId=base64;keyId2=base64", the first signs). Give it on the first deployment and to rotate: empty leaves the stored keys untouched.')
param unsubscribeSigningKeys string = ''

@secure()
@description('Alerts__WebhookUrl: where breach alerts are posted. Written to Key Vault only when given: empty leaves the stored URL untouched (it does not turn the webhook off: alertsWebhookEnabled does).')
param alertsWebhookUrl string = ''

@description('Whether breach alerts are also posted to the webhook URL kept in Key Vault. Off by default; on needs the URL given now or stored before.')
param alertsWebhookEnabled bool = false

@description('Smtp__Host: SMTP server of the emails (breach alerts, double opt-in confirmations), e.g. smtp.sendgrid.net. Empty sends none; the app refuses to start without it when breachAlertEmails (or DoubleOptIn__Channels) is set.')
param smtpHost string = ''

@description('Smtp__Port: 587 (STARTTLS, required) or 465 (TLS from the start).')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('Smtp__User: the SMTP login (e.g. "apikey"); empty for a server that needs none.')
param smtpUser string = ''

@secure()
@description('Smtp__Password: written to Key Vault only when given; empty leaves the stored password untouched.')
param smtpPassword string = ''

@description('Smtp__From: the sender of every email, "Name <no-reply@example.fr>"; required with smtpHost.')
param smtpFrom string = ''

@description('Breaches__AlertEmails: comma-separated addresses the 72-hour breach alerts are emailed to (French and English). Empty: queue and webhook only.')
param breachAlertEmails string = ''

@description('Principal (object) id of an operator granted Key Vault Secrets Officer, to rotate secrets with the Azure CLI. Empty grants nothing.')
param keyVaultOfficerPrincipalId string = ''

@description('Key Vault purge protection (recommended: the subject hash key must survive an accidental deletion). Once on, it cannot be turned off.')
param keyVaultPurgeProtection bool = true

@description('Redundancy of the storage account that holds the proofs of consent (ZRS: three copies in three zones of the region). In a region without availability zones, ZRS falls back to LRS and GZRS to GRS.')
param storageSku storageRedundancy = 'Standard_ZRS'

@description('Days a deleted blob or blob container of the ledger stays recoverable.')
@minValue(1)
@maxValue(365)
param storageSoftDeleteRetentionDays int = 30

@description('Years each daily proof root and its timestamp stay unchangeable in container proof-roots (Proofs:ImmutableYears).')
@minValue(1)
@maxValue(100)
param proofImmutableYears int = 6

@description('RFC 3161 timestamp authority of the daily proof roots (Proofs:TsaUrl; a qualified eIDAS service). Empty: roots without timestamps.')
param proofTsaUrl string = ''

@description('Most instances the function app scales out to (bounds the cost of a traffic spike).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of one function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// The redundancies a StorageV2 account of the ledger may take.
type storageRedundancy = 'Standard_LRS' | 'Standard_ZRS' | 'Standard_GRS' | 'Standard_GZRS'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-api-${resourceToken}'

// Allowed regions without availability zones: zone-redundant storage does not exist there, so the
// account takes the same redundancy without zones.
var regionsWithoutAvailabilityZones = [
  'australiasoutheast'
  'northcentralus'
  'southindia'
  'ukwest'
  'westcentralus'
  'westus'
]
var storageSkuWithoutZones = {
  Standard_LRS: 'Standard_LRS'
  Standard_ZRS: 'Standard_LRS'
  Standard_GRS: 'Standard_GRS'
  Standard_GZRS: 'Standard_GRS'
}
var effectiveStorageSku = contains(regionsWithoutAvailabilityZones, location) ? storageSkuWithoutZones[storageSku] : storageSku

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
    skuName: effectiveStorageSku
    softDeleteRetentionDays: storageSoftDeleteRetentionDays
    deleteLockName: 'keep-consent-ledger'
    proofImmutableYears: proofImmutableYears
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    subjectsHashKey: subjectsHashKey
    unsubscribeSigningKeys: unsubscribeSigningKeys
    alertsWebhookUrl: alertsWebhookUrl
    smtpPassword: smtpPassword
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultOfficerPrincipalId: keyVaultOfficerPrincipalId
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUri: storage.outputs.deploymentContainerUri
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    subjectsHashKeyUri: keyVault.outputs.subjectsHashKeyUri
    unsubscribeSigningKeysUri: keyVault.outputs.unsubscribeSigningKeysUri
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    alertsWebhookUrlUri: keyVault.outputs.alertsWebhookUrlUri
    alertsWebhookEnabled: alertsWebhookEnabled
    allowedOrigins: allowedFormOrigins
    unsubscribeBaseUrl: unsubscribeBaseUrl
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUser: smtpUser
    smtpLoginUri: keyVault.outputs.smtpLoginUri
    smtpFrom: smtpFrom
    breachAlertEmails: breachAlertEmails
    proofImmutableYears: proofImmutableYears
    proofTsaUrl: proofTsaUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The identity holds its roles before the app starts: storage for the host, Key Vault for the
  // references of its settings.
  dependsOn: [
    rbac
  ]
}

// What azd reads (service discovery, environment values) and what an operator needs.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_SKU string = storage.outputs.skuName
output AZURE_STORAGE_LOCK_NAME string = storage.outputs.deleteLockName
output AZURE_FUNCTION_APP_ID string = api.outputs.id
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output API_URL string = '${api.outputs.uri}/api'
