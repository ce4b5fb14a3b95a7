#!/usr/bin/env bash
# azd postprovision hook (azure.yaml): makes the platform resolve the app's Key Vault references
# now, and waits until every one is resolved.
#
# Why: a reference that fails when the app first starts (its identity's role on the vault is
# seconds old) is not retried until the next settings change or for up to 24 hours; meanwhile the
# app reads the literal "@Microsoft.KeyVault(...)" text. The documented fix is a POST to the
# site's config/configreferences/appsettings/refresh endpoint. Role assignments can take minutes
# to apply, so the hook asks again until every reference is resolved or the deadline passes.
#
# Settings (azd environment values): KEY_VAULT_REFERENCES_TIMEOUT_SECONDS (default 600) and
# KEY_VAULT_REFERENCES_POLL_SECONDS (default 15). It prints setting names and statuses, never values.
set -euo pipefail

fail() {
  printf 'postprovision: %s\n' "$1" >&2
  exit 1
}

command -v az > /dev/null 2>&1 || fail "the Azure CLI (az) is needed: install it, run az login, then: azd hooks run postprovision"

subscription="${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set}"
resource_group="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set (an output of infra/main.bicep)}"
app="${AZURE_FUNCTION_APP_NAME:?AZURE_FUNCTION_APP_NAME is not set (an output of infra/main.bicep)}"
timeout="${KEY_VAULT_REFERENCES_TIMEOUT_SECONDS:-600}"
interval="${KEY_VAULT_REFERENCES_POLL_SECONDS:-15}"

site="https://management.azure.com/subscriptions/${subscription}/resourceGroups/${resource_group}/providers/Microsoft.Web/sites/${app}"
api_version="api-version=2022-03-01"
deadline=$(($(date +%s) + timeout))

while :; do
  az rest --method post --url "${site}/config/configreferences/appsettings/refresh?${api_version}" --output none \
    || fail "the refresh request failed (see above). Run az login, then: azd hooks run postprovision"
  # One line per reference that is not resolved yet: "<setting>\t<status>".
  pending=$(az rest --method get --url "${site}/config/configreferences/appsettings?${api_version}" \
    --query "value[?properties.status!='Resolved'].[name, properties.status]" --output tsv) \
    || fail "could not read the status of the Key Vault references. Run az login, then: azd hooks run postprovision"
  if [ -z "$pending" ]; then
    printf 'postprovision: every Key Vault reference of %s is resolved.\n' "$app"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    {
      printf 'postprovision: Key Vault references of %s still unresolved after %ss:\n' "$app" "$timeout"
      printf '%s\n' "$pending" | sed 's/^/  /'
      printf 'Check that each secret exists in the vault and that the app identity holds Key Vault Secrets User on it\n'
      printf '(a new role assignment can take up to 10 minutes to apply), then: azd hooks run postprovision\n'
      printf 'Until then GET /api/health answers 503 and names these settings.\n'
    } >&2
    exit 1
  fi
  printf 'postprovision: waiting for %s\n' "$(printf '%s' "$pending" | tr '\n\t' '; ')"
  sleep "$interval"
done
