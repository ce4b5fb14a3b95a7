using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Validation;
using ConsentFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Decisions;

/// <summary>POST /api/decisions: may we contact these people, on this channel, for this purpose, then?</summary>
public sealed partial class DecisionFunction(DecisionService decisions, DecisionRecords records, IOptions<CaptureOptions> options, ILogger<DecisionFunction> logger)
{
    // 1,000 subjects with long addresses fit comfortably.
    private const int MaxBodyBytes = 512 * 1024;

    [Function("Decide")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "decisions")] HttpRequest req)
        => FunctionErrors.RunAsync(logger, "decide", async () =>
        {
            var request = await RequestBodies.ReadJsonAsync<DecisionRequest>(req, MaxBodyBytes).ConfigureAwait(false);
            var (question, identifiers) = DecisionRequestValidator.Validate(request, options.Value.Purposes());
            var answers = await decisions.DecideAsync(question, identifiers, req.HttpContext.RequestAborted).ConfigureAwait(false);
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
            var campaign = req.Query["campaign"];
            if (campaign.Count > 1 || (campaign.Count == 1 && (campaign[0]!.Length is 0 or > DecisionRequestValidator.MaxCampaignLength || campaign[0]!.Any(char.IsControl))))
            {
                throw RequestValidationException.For("campaign", $"One campaign name, 1 to {DecisionRequestValidator.MaxCampaignLength} characters, no control characters.");
            }
            var found = await records.ByCampaignAsync(campaign.Count == 1 ? campaign[0] : null, MaxRecords, req.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Json(StatusCodes.Status200OK, new { campaign = campaign.Count == 1 ? campaign[0] : null, records = found });
        });

    // A campaign of a few hundred thousand people is answered whole; past this, ask by day.
    private const int MaxRecords = 200_000;

    [LoggerMessage(Level = LogLevel.Information, Message = "Decided {Count} subjects ({Allowed} allowed) for {Channel}/{Purpose}")]
    private static partial void LogDecided(ILogger logger, int count, int allowed, string channel, string purpose);
}
