using System.Text.Json;
using ConsentFunctions.Http;
using ConsentFunctions.LocalHost.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.LocalHost.Http;

/// <summary>
/// Maps each HTTP function onto ASP.NET Core routing under /api, checks the admin key of routes
/// that are not anonymous, invokes the function (<see cref="FunctionInvoker"/>, with the request
/// services) and executes the returned IActionResult as MVC does.
/// </summary>
public static class HttpFunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static void MapHttpFunctions(this WebApplication app, IReadOnlyList<HttpFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            app.MapMethods($"/{RoutePrefix}/{function.Route}", function.Methods.Select(m => m.ToUpperInvariant()).ToArray(),
                    context => InvokeAsync(context, function))
                .WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function)
    {
        IActionResult result;
        if (function.AuthLevel != AuthorizationLevel.Anonymous
            && !AdminKey.IsPresented(context, context.RequestServices.GetRequiredService<IConfiguration>()["LocalHost:AdminKey"]))
        {
            result = ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Admin key required.",
                $"Send the admin key in header {AdminKey.Header}.");
        }
        else
        {
            result = await FunctionInvoker.InvokeHttpAsync(function, context.RequestServices,
                new TriggerInput(context.Request, context.RequestAborted, context.Request.RouteValues));
        }
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    /// <summary>The body of an answer routing gave without one (no such route, or not this method).</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        var (type, title) = status switch
        {
            StatusCodes.Status404NotFound => ("not-found", "Not found."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "Method not allowed."),
            _ => ("request-refused", "The request was not accepted."),
        };
        return ApiResults.Problem(status, type, title, "No function answers this method and path.")
            .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    /// <summary>What Azure answers for an unhandled exception, as problem+json and without details.</summary>
    public static async Task WriteUnhandledAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        SecurityHeaders.Apply(context.Response);
        await JsonSerializer.SerializeAsync(context.Response.Body,
            new ProblemBody("urn:consentfunctions:problem:internal", "Internal error.", 500, "The request failed; nothing was acknowledged."),
            Core.Json.JsonDefaults.Options);
    }
}
