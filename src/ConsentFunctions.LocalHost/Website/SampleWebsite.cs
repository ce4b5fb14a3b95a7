using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace ConsentFunctions.LocalHost.Website;

/// <summary>
/// The French sample website of samples/website, served at <c>/</c> by the local host only (a
/// demo of the snippet and of forms without JavaScript; Azure serves the API alone). Being on the
/// same origin as the API, its forms post without CORS.
/// </summary>
public static class SampleWebsite
{
    public static string? Folder(string? repositoryRoot)
    {
        if (repositoryRoot is null)
        {
            return null;
        }
        var folder = Path.Combine(repositoryRoot, "samples", "website");
        return Directory.Exists(folder) ? folder : null;
    }

    public static void UseSampleWebsite(this WebApplication app, string folder)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The sample is edited while it runs: browsers revalidate every time.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
