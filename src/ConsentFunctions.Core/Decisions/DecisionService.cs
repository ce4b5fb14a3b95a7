using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Decisions;

/// <summary>Decides for a batch: the facts of each identifier read in parallel, then the pure engine.</summary>
public sealed class DecisionService(SubjectFactsReader reader, IOptions<RulesOptions> rules, IOptions<RetentionOptions> retention)
{
    private const int ParallelReads = 64;

    public async Task<IReadOnlyList<Decision>> DecideAsync(DecisionQuestion question, IReadOnlyList<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var decisions = new Decision[identifiers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, identifiers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var facts = await reader.ReadAsync(identifiers[i], ct).ConfigureAwait(false);
                decisions[i] = DecisionEngine.Decide(question, facts, rules.Value, retention.Value);
            }).ConfigureAwait(false);
        return decisions;
    }
}
