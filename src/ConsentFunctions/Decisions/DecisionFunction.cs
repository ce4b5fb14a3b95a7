using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Decisions;

/// <summary>POST /api/decisions: may we contact these people, on this channel, for this purpose, then?</summary>
public sealed partial class DecisionFunction(DecisionService decisions, DecisionRecordStore records, IOptions<CaptureOptions> options, ILogger<DecisionFunction> logger)
{
    // 1,000 subjects with long addresses fit comfortably.
    private const int MaxBodyBytes = 512 * 1024;

    [Function("Decide")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "decisions")] HttpRequest req)
        => AdminJson.RunAsync<DecisionRequest>(req, logger, "decide", MaxBodyBytes, async request =>
        {
            var (question, identifiers) = DecisionValidator.Validate(request, options.Value.Purposes());
            var answers = await decisions.DecideAsync(question, identifiers, req.HttpContext.RequestAborted);
            LogDecided(logger, answers.Count, answers.Count(a => a.Allowed), question.Channel, question.Purpose);
            return ApiResults.Json(StatusCodes.Status200OK, new { decisions = answers });
        });

    /// <summary>GET /api/decisions/records?campaign=…: the evidence of a campaign's decisions (no campaign: those asked without one).</summary>
    [Function("DecisionRecords")]
    public Task<IActionResult> Records(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "decisions/records")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "decision-records", async () =>
        {
            ArgumentNullException.ThrowIfNull(req);
            var query = DecisionRecordsValidator.Validate(req.Query["campaign"]);
            var found = await records.ByCampaignAsync(query.Campaign, MaxRecords, req.HttpContext.RequestAborted);
            return ApiResults.Json(StatusCodes.Status200OK, new { campaign = query.Campaign, records = found });
        });

    // A campaign of a few hundred thousand people is answered whole; past this, ask by day.
    private const int MaxRecords = 200_000;

    [LoggerMessage(Level = LogLevel.Information, Message = "Decided {Count} subjects ({Allowed} allowed) for {Channel}/{Purpose}")]
    private static partial void LogDecided(ILogger logger, int count, int allowed, string channel, string purpose);
}
