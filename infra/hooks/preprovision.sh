#!/usr/bin/env bash
# azd preprovision hook (azure.yaml): stops `azd up` / `azd provision` before anything is created
# when the app would be deployed without a secret it cannot work without.
#
# The template writes a secret to Key Vault only when it is given (it never generates one, and an
# empty parameter leaves the stored secret untouched), so a deployment is complete when each
# required secret is either given now (an azd environment value) or already in the vault:
#   - SUBJECTS_HASH_KEY          base64, at least 32 bytes; keys every stored person, never changes
#   - UNSUBSCRIBE_SIGNING_KEYS   keyId=base64;keyId2=base64, at least 32 bytes each
#   - ALERTS_WEBHOOK_URL         only when ALERTS_WEBHOOK_ENABLED is true
# It also refuses a new SUBJECTS_HASH_KEY for a vault that already holds one: changing that key
# makes every stored person unfindable (docs/DEPLOY.md, "The subject hash key").
#
# It reads azd's environment values (azd passes them as environment variables) and asks Azure,
# with the Azure CLI, whether the environment's resource group and vault exist and which secret
# names the vault holds (control plane: names only, never values). It prints no secret.
set -euo pipefail

problems=()
problem() { problems+=("$1"); }
note() { printf 'preprovision: %s\n' "$1"; }

# Prints how many bytes a base64 text decodes to; fails when it is not base64.
decoded_length() {
  local length
  length=$(printf '%s' "$1" | base64 -d 2>/dev/null | wc -c) || return 1
  printf '%s' "${length//[[:space:]]/}"
}

# --- What is given now: checked with the app's own rules (Subjects:HashKey, Unsubscribe:SigningKeys).
hash_key="${SUBJECTS_HASH_KEY:-}"
signing_keys="${UNSUBSCRIBE_SIGNING_KEYS:-}"
webhook_url="${ALERTS_WEBHOOK_URL:-}"
webhook_enabled="${ALERTS_WEBHOOK_ENABLED:-false}"

if [ -n "$hash_key" ]; then
  if ! length=$(decoded_length "$hash_key") || [ "$length" -lt 32 ]; then
    problem "SUBJECTS_HASH_KEY must be base64 of at least 32 random bytes."
  fi
fi

if [ -n "$signing_keys" ]; then
  IFS=';' read -r -a entries <<< "$signing_keys"
  valid_entries=0
  for entry in "${entries[@]}"; do
    entry="${entry#"${entry%%[![:space:]]*}"}"
    entry="${entry%"${entry##*[![:space:]]}"}"
    [ -z "$entry" ] && continue
    key_id="${entry%%=*}"
    secret="${entry#*=}"
    if [ "$key_id" = "$entry" ] || [ -z "$key_id" ]; then
      problem "UNSUBSCRIBE_SIGNING_KEYS must be keyId=base64;keyId2=base64 (an entry has no keyId=)."
    elif ! length=$(decoded_length "$secret") || [ "$length" -lt 32 ]; then
      problem "UNSUBSCRIBE_SIGNING_KEYS: the key '$key_id' must be base64 of at least 32 random bytes."
    else
      valid_entries=$((valid_entries + 1))
    fi
  done
  if [ "$valid_entries" -eq 0 ] && [ "${#problems[@]}" -eq 0 ]; then
    problem "UNSUBSCRIBE_SIGNING_KEYS holds no key."
  fi
fi

case "$webhook_enabled" in
  true | false) ;;
  *) problem "ALERTS_WEBHOOK_ENABLED must be true or false." ;;
esac

if [ -n "$webhook_url" ]; then
  case "$webhook_url" in
    https://* | http://*) ;;
    *) problem "ALERTS_WEBHOOK_URL must be an absolute http(s) URL." ;;
  esac
fi

# --- What the vault already holds.
if ! command -v az > /dev/null 2>&1; then
  problem "The Azure CLI (az) is needed to check the Key Vault: install it, then run 'az login' (see docs/DEPLOY.md)."
  stored=""
  vault_known=false
else
  subscription="${AZURE_SUBSCRIPTION_ID:?is not set: azd env set AZURE_SUBSCRIPTION_ID <subscription id> (azd up asks for it before this hook)}"
  resource_group="${AZURE_RESOURCE_GROUP:-rg-${AZURE_ENV_NAME:?is not set: run the hook through azd}}"
  stored=""
  vault_known=false
  if ! group_exists=$(az group exists --name "$resource_group" --subscription "$subscription" --output tsv); then
    printf 'preprovision: the Azure CLI could not read subscription %s. Run az login (same tenant as azd), then azd up again.\n' "$subscription" >&2
    exit 1
  fi
  if [ "$group_exists" = "true" ]; then
    vaults=$(az resource list --resource-group "$resource_group" --subscription "$subscription" \
      --resource-type Microsoft.KeyVault/vaults --query "[].id" --output tsv)
    vault_count=$(printf '%s' "$vaults" | grep -c . || true)
    if [ "$vault_count" -gt 1 ]; then
      printf 'preprovision: resource group %s holds %s Key Vaults; expected one.\n' "$resource_group" "$vault_count" >&2
      exit 1
    fi
    if [ "$vault_count" -eq 1 ]; then
      vault_known=true
      # Control plane: lists secret names (Reader is enough), never values.
      stored=$(az rest --method get --url "https://management.azure.com${vaults}/secrets?api-version=2023-07-01" \
        --query "value[].name" --output tsv)
      note "vault ${vaults##*/} holds: $(printf '%s' "$stored" | tr '\n' ' ')"
    fi
  fi
fi

# A here-string, not a pipe: grep -q stops at the first match, and under pipefail the printf
# writing into the closed pipe would fail the test (a race that loses only on a busy machine).
holds() { grep -qx -- "$1" <<<"$stored"; }

if [ -z "$hash_key" ] && ! holds subjects-hash-key; then
  problem "No subject hash key: neither SUBJECTS_HASH_KEY nor the secret subjects-hash-key in the vault. Generate it once, keep an offline copy, and never change it:
      azd env set SUBJECTS_HASH_KEY \"\$(openssl rand -base64 32)\""
fi
if [ -n "$hash_key" ] && holds subjects-hash-key; then
  problem "SUBJECTS_HASH_KEY is set but the vault already holds subjects-hash-key. A new value would make every stored person unfindable, so it is only given on the first deployment. Remove it from the environment:
      azd env set SUBJECTS_HASH_KEY \"\"
    (To restore a key on purpose, see docs/DEPLOY.md, \"The subject hash key\".)"
fi
if [ -z "$signing_keys" ] && ! holds unsubscribe-signing-keys; then
  problem "No unsubscribe signing key: neither UNSUBSCRIBE_SIGNING_KEYS nor the secret unsubscribe-signing-keys in the vault. Generate one:
      azd env set UNSUBSCRIBE_SIGNING_KEYS \"k1=\$(openssl rand -base64 32)\""
fi
if [ "$webhook_enabled" = "true" ] && [ -z "$webhook_url" ] && ! holds alerts-webhook-url; then
  problem "ALERTS_WEBHOOK_ENABLED is true but no webhook URL is given (ALERTS_WEBHOOK_URL) or stored (alerts-webhook-url). Give it, or turn the webhook off:
      azd env set ALERTS_WEBHOOK_ENABLED false"
fi
if [ "$webhook_enabled" != "true" ] && [ -n "$webhook_url" ]; then
  note "ALERTS_WEBHOOK_URL is stored, but breach alerts go to the queue only until: azd env set ALERTS_WEBHOOK_ENABLED true"
fi

if [ "${#problems[@]}" -gt 0 ]; then
  {
    printf 'preprovision: nothing was provisioned, because:\n'
    for message in "${problems[@]}"; do
      printf '  - %s\n' "$message"
    done
    printf 'Then run azd up again. See docs/DEPLOY.md, "First deployment".\n'
  } >&2
  exit 1
fi

if [ "$vault_known" = "true" ]; then
  note "secrets are complete (given now or already in the vault)."
else
  note "first deployment: the secrets given now will be written to the new vault."
fi
