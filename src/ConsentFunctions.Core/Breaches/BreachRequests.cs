namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// The body of <c>POST /api/breaches</c> (awareAt required) and of <c>PATCH /api/breaches/{id}</c>
/// (awareAt refused: the deadline runs from it and never moves): the facts, flat, and a note.
/// </summary>
public sealed record BreachRequest : BreachFacts
{
    public DateTimeOffset? AwareAt { get; init; }

    /// <summary>Free text kept with this entry of the history (where the facts come from, what is pending).</summary>
    public string? Note { get; init; }
}

/// <summary>The body of <c>POST /api/breaches/{id}/notify</c>.</summary>
public sealed record NotifyRequest(DateTimeOffset? NotifiedAt, string? Reference, string? DelayReason);

/// <summary>
/// The body of <c>POST /api/breaches/{id}/decision</c>: whether to notify the authority, and why.
/// <c>notifyAuthority: false</c> needs reasons and a risk level of <c>none</c>.
/// </summary>
public sealed record BreachDecisionRequest(bool? NotifyAuthority, string? Reasons, DateTimeOffset? DecidedAt);
