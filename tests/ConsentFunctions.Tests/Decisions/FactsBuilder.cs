using ConsentFunctions.Core.Decisions;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>Facts of one identifier, written as a story: "collected on …, ticked …, objected on …".</summary>
public sealed class FactsBuilder(string identifier = "jeanne.martin@example.fr")
{
    public static readonly DateTimeOffset Collected = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly List<ConsentFact> _consents = [];
    private readonly List<InteractionFact> _interactions = [];
    private readonly List<SuppressionFact> _suppressions = [];

    public FactsBuilder Box(string channel, string purpose, string status, DateTimeOffset? at = null, string? reason = null,
        string audience = "consumer", string[]? partners = null, string source = "form", string? receiptId = null,
        string via = "public", DateTimeOffset? collectedAt = null)
    {
        _consents.Add(new ConsentFact(receiptId ?? "R" + _consents.Count, at ?? Collected, channel, purpose, status, reason, partners, audience, source,
            source == "partner" ? "Acme SAS" : null, collectedAt, via));
        return this;
    }

    public FactsBuilder Given(string channel = "email", string purpose = "marketing", DateTimeOffset? at = null, string audience = "consumer", string[]? partners = null,
        string source = "form", string? receiptId = null, string via = "public", DateTimeOffset? collectedAt = null)
        => Box(channel, purpose, "given", at, null, audience, partners, source, receiptId, via, collectedAt);

    /// <summary>An opt-in box left unticked on a collection form: a refusal.</summary>
    public FactsBuilder Refused(string channel = "email", string purpose = "marketing", DateTimeOffset? at = null, string audience = "consumer", string[]? partners = null, string source = "form")
        => Box(channel, purpose, "refused", at, null, audience, partners, source);

    /// <summary>A box shown and left as it was, no act: an opt-out box left unticked (informed).</summary>
    public FactsBuilder Informed(string channel = "email", string purpose = "marketing", DateTimeOffset? at = null, string audience = "consumer", string[]? partners = null)
        => Box(channel, purpose, "informed", at, null, audience, partners);

    /// <summary>A valid public consent awaiting its confirmation until <paramref name="confirmBy"/> (double opt-in).</summary>
    public FactsBuilder Pending(DateTimeOffset at, DateTimeOffset confirmBy, string channel = "email", string purpose = "marketing", string audience = "consumer")
    {
        _consents.Add(new ConsentFact("R" + _consents.Count, at, channel, purpose, "pending", "double-opt-in", null, audience, "form", null, ConfirmBy: confirmBy));
        return this;
    }

    /// <summary>A public consent posted at <paramref name="at"/> that its address's owner confirmed at <paramref name="confirmedAt"/>.</summary>
    public FactsBuilder Confirmed(DateTimeOffset at, DateTimeOffset confirmedAt, string channel = "email", string purpose = "marketing")
    {
        _consents.Add(new ConsentFact("R" + _consents.Count, at, channel, purpose, "given", null, null, "consumer", "form", null, ConfirmedAt: confirmedAt));
        return this;
    }

    public FactsBuilder Interaction(string kind, DateTimeOffset at)
    {
        _interactions.Add(new InteractionFact(kind, at, false));
        return this;
    }

    public FactsBuilder Suppressed(string kind, DateTimeOffset at, string channel = "*", string purpose = "*")
    {
        _suppressions.Add(new SuppressionFact(kind, channel, purpose, at));
        return this;
    }

    public SubjectFacts Build()
        => new(new Identifier(identifier.Contains('@', StringComparison.Ordinal) ? "email" : "phone", identifier), _consents, _interactions, _suppressions);

    public static Decision Decide(SubjectFacts facts, string channel = "email", string purpose = "marketing", DateTimeOffset? at = null,
        string? audience = null, bool similarProducts = false, bool relatedToProfession = false, string? partner = null, RulesOptions? rules = null)
        => DecisionEngine.Decide(new DecisionQuestion(channel, purpose, at ?? Collected.AddMonths(1), audience, similarProducts, relatedToProfession, partner),
            facts, rules ?? new RulesOptions(), new RetentionOptions());
}
