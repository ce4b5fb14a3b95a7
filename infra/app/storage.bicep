// The storage account of the app and of the Functions host. Shared-key access is disabled: the
// app and the host use the managed identity (role assignments in rbac.bicep), nobody holds a key.
//
// It holds the consent ledger (proofs of consent, suppressions, the breach register), which the
// business must keep: a CanNotDelete lock stops `azd down` (or anyone) from deleting the account,
// and deleted blobs and containers stay recoverable. docs/DEPLOY.md says how to remove the lock
// on purpose.

@description('Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Blob container where Flex Consumption keeps the deployed package.')
param deploymentContainerName string

@description('Redundancy of the account, which holds the proofs of consent (main.bicep falls back where the region has no zones).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Days a deleted blob or container stays recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Name of the CanNotDelete lock on the account.')
param deleteLockName string

@description('Years each blob of container proof-roots (the daily proof roots and their timestamps) stays unchangeable and undeletable (time-based immutability, WORM).')
@minValue(1)
@maxValue(100)
param proofImmutableYears int

// Queues of the contract (src/ConsentFunctions.Core/Storage/QueueNames.cs), with the poison queue
// the host moves a message to after host.json's maxDequeueCount failed tries.
var queueNames = [
  'unsubscribe-requests'
  'unsubscribe-requests-poison'
  'breach-alerts'
  'consent-events'
  'consent-events-poison'
  'consent-deliveries'
  'consent-deliveries-poison'
  'confirmation-emails'
  'confirmation-emails-poison'
]

// Tables of the app (src/ConsentFunctions.Core/Storage/TableNames.cs). The app also creates a missing table on first use; declaring them here makes a fresh
// deployment complete and keeps the list reviewable.
var tableNames = [
  'Subjects'
  'DecisionRecords'
  'Notices'
  'RetentionIndex'
  'RetentionRuns'
  'Archive'
  'Breaches'
  'ConsentEvents'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Soft delete: a blob or container deleted by mistake (or by a bug) can be undeleted for
// softDeleteRetentionDays. It does not cover tables and queues, nor the deletion of the account
// itself: the lock below covers that.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

// Deleting the account (or its resource group, which is what `azd down` does) fails while this
// lock exists. It does not block data-plane reads and writes, nor updates by a deployment.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: deleteLockName
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the consent ledger the business must keep. Remove on purpose only: see docs/DEPLOY.md, "Removing an environment".'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The daily proof roots (src/ConsentFunctions.Core/Proofs): written once by the app, then kept
// unchangeable for proofImmutableYears by a time-based retention policy, so the operator cannot
// rewrite a root either. The policy is deployed unlocked (it can still be lengthened or removed
// by an owner); docs/PROOF.md says how to lock it, which no deployment can undo.
resource proofRootsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'proof-roots'
  properties: {
    publicAccess: 'None'
  }
}

resource proofRootsImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: proofRootsContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: proofImmutableYears * 365
    allowProtectedAppendWrites: false
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output id string = account.id
output name string = account.name
output blobServiceUri string = account.properties.primaryEndpoints.blob
output queueServiceUri string = account.properties.primaryEndpoints.queue
output tableServiceUri string = account.properties.primaryEndpoints.table
output skuName string = account.sku.name
output deleteLockName string = deleteLock.name
output deploymentContainerUri string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
