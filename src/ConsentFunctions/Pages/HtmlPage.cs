using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentFunctions.Pages;

/// <summary>
/// A page rendered from a Razor component with <see cref="HtmlRenderer"/>: every value a
/// template writes is HTML-encoded by construction, so no text a person or a form sent can
/// become markup. Rendered when the answer is written, so both hosts send the same bytes.
/// </summary>
public sealed class HtmlPage : IActionResult
{
    // Accented letters and emoji stay as they are (the page is UTF-8); markup characters are encoded.
    private static readonly IServiceProvider RendererServices = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    private readonly Type _component;
    private readonly Dictionary<string, object?> _parameters;

    private HtmlPage(int statusCode, Type component, Dictionary<string, object?> parameters)
    {
        StatusCode = statusCode;
        _component = component;
        _parameters = parameters;
    }

    public int StatusCode { get; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static HtmlPage Of<TComponent>(int statusCode, Dictionary<string, object?> parameters) where TComponent : IComponent
        => new(statusCode, typeof(TComponent), parameters);

    public HtmlPage WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    /// <summary>The page's HTML, as the answer carries it.</summary>
    public async Task<string> RenderAsync()
    {
        await using var renderer = new HtmlRenderer(RendererServices, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(_component, ParameterView.FromDictionary(_parameters));
            return output.ToHtmlString();
        });
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var html = await RenderAsync();
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        // Pages about one person's choice are never cached, framed or sniffed (Http/SecurityHeaders.cs).
        response.ContentType = "text/html; charset=utf-8";
        Http.SecurityHeaders.Apply(response);
        await response.WriteAsync(html);
    }
}
