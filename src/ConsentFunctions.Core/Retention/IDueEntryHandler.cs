namespace ConsentFunctions.Core.Retention;

/// <summary>
/// What the sweep does with one kind of due entry (<see cref="DueKinds"/>) on its due day. The
/// sweep owns everything around it (which entries are due, the time budget, the lease on the
/// entry, rescheduling or removing it), so a handler re-checks the current rows of its kind and
/// deletes what is past its limit; where the rules keep a proof of what goes, it archives it first
/// (<see cref="ArchiveRows"/>, which schedules the archive's own entry). Adding a kind of due
/// entry is one class implementing this, registered in <see cref="RetentionServices"/>; the sweep
/// finds it by <see cref="Kind"/>.
/// </summary>
public interface IDueEntryHandler
{
    /// <summary>The <see cref="DueKinds"/> value of the entries this handler answers.</summary>
    string Kind { get; }

    /// <summary>
    /// Looks at what one entry points to (<paramref name="subjectKey"/>: a person's partition, or
    /// for decision records "{partition}|{yyyyMMdd}") as of <paramref name="now"/>, the run's start.
    /// Returns when to look again, or null when nothing of this kind is left to watch. A dry run
    /// counts what a real run would delete, and writes nothing (so it counts no writes); every read
    /// and write is counted in <paramref name="counters"/>, shared by the run's parallel buckets
    /// (hence atomic).
    /// </summary>
    Task<DateTimeOffset?> HandleAsync(string subjectKey, DateTimeOffset now, bool dryRun, SweepCounters counters, CancellationToken cancellationToken);
}
