using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Decisions;

/// <summary>Checks the query of GET /api/decisions/records: at most one campaign name.</summary>
public static class DecisionRecordsValidator
{
    /// <param name="campaign">Every value of the query's <c>campaign</c> (none: the decisions asked without a campaign).</param>
    public static DecisionRecordsQuery Validate(IReadOnlyList<string?> campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (campaign.Count > 1 || (campaign.Count == 1 && !DecisionValidator.IsCampaignName(campaign[0]!)))
        {
            throw RequestValidationException.For("campaign", $"One campaign name, 1 to {DecisionValidator.MaxCampaignLength} characters, no control characters.");
        }
        return new DecisionRecordsQuery(campaign.Count == 1 ? campaign[0] : null);
    }
}

/// <summary>Which decision records to read: a campaign's, or (null) those asked without one.</summary>
public sealed record DecisionRecordsQuery(string? Campaign);
