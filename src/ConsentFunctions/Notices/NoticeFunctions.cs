using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Notices;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Notices;

/// <summary>Admin: registered, immutable versions of the wording forms show.</summary>
public sealed class NoticeFunctions(NoticeRegistry registry, TimeProvider time, IOptions<CaptureOptions> options, ILogger<NoticeFunctions> logger)
{
    private const int MaxBodyBytes = 64 * 1024;

    [Function("RegisterNotice")]
    public Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "notices")] HttpRequest req)
        => AdminJson.RunAsync<NoticeRequest>(req, logger, "register-notice", MaxBodyBytes, async request =>
        {
            var notice = NoticeValidator.Validate(request, options.Value.Purposes(), time.GetUtcNow());
            var (outcome, stored) = await registry.RegisterAsync(notice, Writes.NeverCancelled);
            return outcome switch
            {
                NoticeRegistration.Created => ApiResults.Created(stored, $"/api/notices/{stored.NoticeId}/{stored.Version}"),
                NoticeRegistration.AlreadyRegistered => ApiResults.Ok(stored),
                _ => ApiResults.Conflict("notice-immutable", "This notice version exists with another text.",
                    "A registered version never changes: register a new version."),
            };
        });

    [Function("GetNotice")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "notices/{noticeId}/{version}")] HttpRequest req,
        string noticeId, string version)
        => FunctionErrors.RunAsync(logger, "get-notice", async () =>
        {
            if (!Core.Validation.TextRules.IsStoredId(noticeId, 100) || !Core.Validation.TextRules.IsStoredId(version, 50))
            {
                return ApiResults.NotFound("The notice");
            }
            var notice = await registry.GetAsync(noticeId, version, req.HttpContext.RequestAborted);
            return notice is null ? ApiResults.NotFound("The notice") : ApiResults.Ok(notice);
        });
}
