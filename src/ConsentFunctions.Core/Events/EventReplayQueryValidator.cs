using System.Globalization;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Core.Events;

/// <summary>Checks the query of GET /api/events: at most one cursor and one page size.</summary>
public static class EventReplayQueryValidator
{
    public const int DefaultLimit = 100;

    /// <param name="after">Every value of the query's <c>after</c>: the cursor of the previous page (none: from the oldest).</param>
    /// <param name="limit">Every value of the query's <c>limit</c> (none: <see cref="DefaultLimit"/>).</param>
    public static EventReplayQuery Validate(IReadOnlyList<string?> after, IReadOnlyList<string?> limit)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(limit);
        if (after.Count > 1 || limit.Count > 1)
        {
            throw RequestValidationException.Whole("Give after and limit at most once each.");
        }
        var size = DefaultLimit;
        if (limit.Count == 1 && (!int.TryParse(limit[0], NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > EventLog.MaxLimit))
        {
            throw RequestValidationException.Whole($"limit must be a whole number from 1 to {EventLog.MaxLimit}.");
        }
        return new EventReplayQuery(after.Count == 1 ? after[0] : null, size);
    }
}

/// <summary>A page of the event log to read: after this cursor (null: from the oldest kept), at most <paramref name="Limit"/> events.</summary>
public sealed record EventReplayQuery(string? After, int Limit);
