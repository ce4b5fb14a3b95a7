using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Web;

/// <summary>What websites and their developers fetch: the consent snippet and the API's contract.</summary>
public sealed class WebAssetFunctions
{
    /// <summary>GET /api/consent.js: the snippet that posts a form's consent boxes with the wording the person saw.</summary>
    [Function("ConsentScript")]
    public IActionResult Script(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "consent.js")] HttpRequest req)
        => WebAsset.ConsentScript.Answer(req);

    /// <summary>GET /api/openapi.json: docs/openapi.json, embedded in the build.</summary>
    [Function("OpenApiDocument")]
    public IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req)
        => WebAsset.OpenApiDocument.Answer(req);
}
