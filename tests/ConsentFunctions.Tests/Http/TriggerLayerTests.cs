using System.Text;
using ConsentFunctions.Core.Validation;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentFunctions.Tests.Http;

/// <summary>What every route shares: Core's refusals as problem+json, the admin JSON skeleton, the writes' token.</summary>
public class TriggerLayerTests
{
    private sealed class WidgetNotFoundException() : NotFoundException("The widget");

    private sealed record Widget(string? Name);

    private static ProblemBody ProblemOf(IActionResult result) => Assert.IsType<ProblemBody>(Assert.IsType<JsonBodyResult>(result).Value);

    private static HttpRequest JsonRequest(string body, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    [Fact]
    public async Task A_thing_Core_does_not_find_is_a_404_problem_naming_it()
    {
        var result = await FunctionErrors.RunAsync(NullLogger.Instance, "test", () => throw new WidgetNotFoundException());
        var problem = ProblemOf(result);
        Assert.Equal(404, problem.Status);
        Assert.Equal("urn:consentfunctions:problem:not-found", problem.Type);
        Assert.Equal("The widget was not found.", problem.Detail);
    }

    [Fact]
    public async Task A_change_Core_refuses_as_a_conflict_is_a_409_problem_of_its_own_type()
    {
        var result = await FunctionErrors.RunAsync(NullLogger.Instance, "test",
            () => throw new ConflictException("widget-frozen", "The widget is frozen.", "A frozen widget never changes."));
        var problem = ProblemOf(result);
        Assert.Equal(409, problem.Status);
        Assert.Equal("urn:consentfunctions:problem:widget-frozen", problem.Type);
        Assert.Equal("The widget is frozen.", problem.Title);
        Assert.Equal("A frozen widget never changes.", problem.Detail);
    }

    [Fact]
    public async Task The_breach_register_s_own_refusals_are_Core_s_not_found_and_conflict()
    {
        var missing = ProblemOf(await FunctionErrors.RunAsync(NullLogger.Instance, "test", () => throw new Core.Breaches.BreachNotFoundException()));
        Assert.Equal((404, "The breach was not found."), (missing.Status, missing.Detail));
        var conflict = ProblemOf(await FunctionErrors.RunAsync(NullLogger.Instance, "test",
            () => throw new Core.Breaches.BreachConflictException("breach-already-notified", "The breach is already notified.", "Once.")));
        Assert.Equal((409, "urn:consentfunctions:problem:breach-already-notified"), (conflict.Status, conflict.Type));
    }

    [Fact]
    public async Task An_admin_JSON_route_hands_the_parsed_body_to_its_code()
    {
        var result = await AdminJson.RunAsync<Widget>(JsonRequest("""{"name":"gear"}"""), NullLogger.Instance, "test", 1024,
            widget => ApiResults.Ok(new { seen = widget.Name }));
        Assert.Equal(200, Assert.IsType<JsonBodyResult>(result).StatusCode);
    }

    [Theory]
    [InlineData("null", "application/json", 400)]
    [InlineData("""{"name":"gear"}""", "text/plain", 415)]
    [InlineData("""{"name":"a gear with a name far too long for the limit"}""", "application/json", 413)]
    [InlineData("""{"name":"gear","name":"cog"}""", "application/json", 400)]
    public async Task An_admin_JSON_route_never_runs_its_code_on_a_body_it_cannot_read(string body, string contentType, int status)
    {
        var ran = false;
        var result = await AdminJson.RunAsync<Widget>(JsonRequest(body, contentType), NullLogger.Instance, "test", 32, _ =>
        {
            ran = true;
            return ApiResults.Ok(new { });
        });
        Assert.False(ran);
        Assert.Equal(status, ProblemOf(result).Status);
    }

    [Fact]
    public async Task A_JSON_null_body_is_answered_with_the_one_message_for_it()
    {
        var result = await AdminJson.RunAsync<Widget>(JsonRequest("null"), NullLogger.Instance, "test", 1024, _ => ApiResults.Ok(new { }));
        Assert.Equal(RequestValidationException.NotAJsonObject, ProblemOf(result).Detail);
        Assert.Equal([RequestValidationException.NotAJsonObject], ProblemOf(result).Errors!["$"]);
    }

    [Fact]
    public void Writes_take_a_token_that_is_never_cancelled()
    {
        Assert.False(Writes.NeverCancelled.CanBeCanceled);
    }
}
