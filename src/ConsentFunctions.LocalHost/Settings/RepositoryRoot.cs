namespace ConsentFunctions.LocalHost.Settings;

/// <summary>The checkout's root (where ConsentFunctions.sln and package.json are), found from here upwards.</summary>
public static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ConsentFunctions.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}
