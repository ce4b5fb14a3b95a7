using ConsentFunctions.Core.Proofs;
using ConsentFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace ConsentFunctions.Proofs;

/// <summary>
/// Daily at 00:15 UTC by default (setting <c>Proofs:Schedule</c>): roots the days finished and
/// not rooted yet, oldest first, and timestamps the roots still without a token.
/// </summary>
public sealed class DailyRootFunction(DailyRootSealer roots)
{
    [Function("BuildProofRoots")]
    public async Task Run([TimerTrigger("%Proofs:Schedule%")] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await roots.RunAsync(Writes.NeverCancelled);
    }
}
