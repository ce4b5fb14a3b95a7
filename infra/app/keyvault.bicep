// The Key Vault (RBAC mode) that holds the app's secrets. The app reads them through Key Vault
// references in its settings, with its user-assigned identity (Key Vault Secrets User, assigned
// in rbac.bicep); no secret value is ever an app setting.
//
// A secret parameter left empty leaves its secret as it is: a deployment never generates,
// regenerates or erases the subject hash key or the signing keys. Give them once, on the first
// deployment (and again only to rotate the signing keys); see docs/DEPLOY.md.

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Purge protection: a deleted vault (and the subject hash key in it) stays recoverable for the retention period and cannot be purged.')
param enablePurgeProtection bool

@secure()
@description('Subjects__HashKey: base64, at least 32 bytes. Written only when given; empty leaves the stored key untouched. It must never change once data is stored.')
param subjectsHashKey string

@secure()
@description('Unsubscribe__SigningKeys: "keyId=base64;keyId2=base64" (the first signs, all verify). Written only when given; empty leaves the stored keys untouched.')
param unsubscribeSigningKeys string

@secure()
@description('Alerts__WebhookUrl: a webhook URL usually carries its own token, so it is kept as a secret. Written only when given.')
param alertsWebhookUrl string

@secure()
@description('Smtp__Password: the SMTP server\'s password (or API key). Written only when given.')
param smtpPassword string

var secretNames = {
  subjectsHashKey: 'subjects-hash-key'
  unsubscribeSigningKeys: 'unsubscribe-signing-keys'
  alertsWebhookUrl: 'alerts-webhook-url'
  smtpPassword: 'smtp-password'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource subjectsHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(subjectsHashKey)) {
  parent: vault
  name: secretNames.subjectsHashKey
  properties: {
    value: subjectsHashKey
    contentType: 'base64; keys every stored person: never change'
  }
}

resource unsubscribeSigningKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(unsubscribeSigningKeys)) {
  parent: vault
  name: secretNames.unsubscribeSigningKeys
  properties: {
    value: unsubscribeSigningKeys
    contentType: 'keyId=base64;keyId2=base64 (first signs, all verify)'
  }
}

resource alertsWebhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertsWebhookUrl)) {
  parent: vault
  name: secretNames.alertsWebhookUrl
  properties: {
    value: alertsWebhookUrl
    contentType: 'url'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: secretNames.smtpPassword
  properties: {
    value: smtpPassword
    contentType: 'password of Smtp__User'
  }
}

// Versionless URIs: the app always reads the current version of each secret.
output id string = vault.id
output name string = vault.name
output subjectsHashKeyUri string = '${vault.properties.vaultUri}secrets/${secretNames.subjectsHashKey}'
output unsubscribeSigningKeysUri string = '${vault.properties.vaultUri}secrets/${secretNames.unsubscribeSigningKeys}'
output alertsWebhookUrlUri string = '${vault.properties.vaultUri}secrets/${secretNames.alertsWebhookUrl}'
output smtpLoginUri string = '${vault.properties.vaultUri}secrets/${secretNames.smtpPassword}'
