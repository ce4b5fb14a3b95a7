namespace ConsentFunctions.Tests.Deployment.Hooks;

/// <summary>
/// A stand-in for the Azure CLI in a temporary folder: answers the few calls the hooks make from
/// FAKE_AZ_* variables, logs every call, and fails on any other, so a test sees exactly what a
/// hook asked Azure.
/// </summary>
public sealed class FakeAzureCli : IDisposable
{
    // FAKE_AZ_GROUP_EXISTS: "true" or "false"; FAKE_AZ_VAULT_ID: the vault's resource id, or empty;
    // FAKE_AZ_SECRETS: space-separated secret names; FAKE_AZ_PENDING: the tsv lines of unresolved
    // references, answered to the first FAKE_AZ_PENDING_CALLS status reads; FAKE_AZ_FAIL: fail every call.
    private const string Script = """
        #!/usr/bin/env bash
        printf '%s\n' "$*" >> "$FAKE_AZ_LOG"
        if [ -n "${FAKE_AZ_FAIL:-}" ]; then
          echo "ERROR: Please run 'az login' to setup account." >&2
          exit 1
        fi
        case "$1 $2" in
          "group exists") echo "${FAKE_AZ_GROUP_EXISTS:-false}" ;;
          "resource list") if [ -n "${FAKE_AZ_VAULT_ID:-}" ]; then echo "$FAKE_AZ_VAULT_ID"; fi ;;
          "rest --method")
            case "$3 $5" in
              "get "*"/secrets?api-version="*) for name in ${FAKE_AZ_SECRETS:-}; do echo "$name"; done ;;
              "post "*"/config/configreferences/appsettings/refresh?api-version="*) ;;
              "get "*"/config/configreferences/appsettings?api-version="*)
                reads=$(grep -c 'configreferences/appsettings?' "$FAKE_AZ_LOG")
                if [ "$reads" -le "${FAKE_AZ_PENDING_CALLS:-0}" ]; then printf '%b\n' "$FAKE_AZ_PENDING"; fi ;;
              *) echo "fake az: unexpected call: $*" >&2; exit 2 ;;
            esac ;;
          *) echo "fake az: unexpected call: $*" >&2; exit 2 ;;
        esac
        """;

    private FakeAzureCli(string directory)
    {
        Directory = directory;
        LogPath = Path.Combine(directory, "calls.log");
    }

    public string Directory { get; }

    public string LogPath { get; }

    public static FakeAzureCli Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fake-az-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var az = Path.Combine(directory, "az");
        File.WriteAllText(az, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(Path.Combine(directory, "calls.log"), string.Empty);
        return new FakeAzureCli(directory);
    }

    public IReadOnlyList<string> Calls() => File.ReadAllLines(LogPath);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
