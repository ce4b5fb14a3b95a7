using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Decisions;

/// <summary>
/// Decides for a batch: the facts of each identifier read in parallel, then the pure engine, then
/// the answers kept as evidence (one transaction for the batch) before any is returned.
/// </summary>
public sealed class DecisionService(
    SubjectFactsReader reader,
    DecisionRecordStore records,
    IOptions<RulesOptions> rules,
    IOptions<RetentionOptions> retention,
    Calling.CallingSettings calling,
    TimeProvider time)
{
    private const int ParallelReads = 64;

    public async Task<IReadOnlyList<Decision>> DecideAsync(DecisionQuestion question, IReadOnlyList<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(identifiers);
        // Mailing lists repeat people: each distinct identifier is read and decided once.
        var distinct = identifiers.Distinct().ToList();
        var decided = new System.Collections.Concurrent.ConcurrentDictionary<Identifier, Decision>();
        await Parallel.ForEachAsync(distinct,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (identifier, ct) =>
            {
                var facts = await reader.ReadAsync(identifier, ct);
                decided[identifier] = DecisionEngine.Decide(question, facts, rules.Value, retention.Value, calling);
            });
        // An answer nobody can later justify is not given: the records are stored first.
        await records.WriteAsync(question, distinct.Select(i => (reader.KeyOf(i), decided[i])).ToList(), time.GetUtcNow(), CancellationToken.None);
        return identifiers.Select(i => decided[i]).ToList();
    }
}
