namespace ConsentFunctions.Core.Settings;

/// <summary>
/// The secrets committed in local.settings.sample.json. Anyone can read them, so with them anyone
/// could compute a person's keyed hash or mint an unsubscribe token for any address: they are
/// refused whenever the app can be reached from elsewhere (a test keeps this list equal to the file).
/// </summary>
public static class DevelopmentSecrets
{
    public const string SubjectHashKey = "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1zdWJqZWN0LWhhc2gta2V5LTMyYnl0ZXMh";

    public const string UnsubscribeSigningKey = "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS11bnN1YnNjcmliZS1zaWduaW5nLWtleSE=";

    public const string AdminKey = "local-admin-key";
}
