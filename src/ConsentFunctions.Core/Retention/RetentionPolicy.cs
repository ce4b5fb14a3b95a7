using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Retention;

/// <summary>
/// RULES.md section 5, pure: until when a person's data may be kept, from their facts alone.
/// A prospect's clock starts at collection (a receipt) or a contact they initiated; a customer's
/// at the end of the relationship (last purchase or customer-end); an ongoing relationship
/// (customer-start with no later end) keeps the data.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>The instant after which the data must not be kept; null while a relationship is ongoing or nothing is held.</summary>
    public static DateTimeOffset? DataExpiresAt(SubjectFacts facts, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        if (IsCustomerRelationshipActive(facts))
        {
            return null;
        }
        DateTimeOffset? prospectClock = Latest(
            facts.Consents.Select(c => c.ActAt)
                .Concat(facts.Interactions.Where(i => i.Kind == InteractionKinds.ProspectContact).Select(i => i.At)));
        DateTimeOffset? customerClock = Latest(facts.Interactions
            .Where(i => i.Kind is InteractionKinds.Purchase or InteractionKinds.CustomerEnd or InteractionKinds.CustomerStart)
            .Select(i => i.At));
        DateTimeOffset? expires = null;
        if (prospectClock is not null)
        {
            expires = prospectClock.Value.AddYears(options.ProspectYears);
        }
        if (customerClock is not null)
        {
            var customerExpiry = customerClock.Value.AddYears(options.CustomerYears);
            expires = expires is null || customerExpiry > expires ? customerExpiry : expires;
        }
        return expires;
    }

    public static bool IsExpired(SubjectFacts facts, RetentionOptions options, DateTimeOffset at)
        => DataExpiresAt(facts, options) is { } expires && at > expires;

    /// <summary>A customer-start with no customer-end after it.</summary>
    public static bool IsCustomerRelationshipActive(SubjectFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var start = Latest(facts.Interactions.Where(i => i.Kind == InteractionKinds.CustomerStart).Select(i => i.At));
        var end = Latest(facts.Interactions.Where(i => i.Kind == InteractionKinds.CustomerEnd).Select(i => i.At));
        return start is not null && (end is null || end < start);
    }

    /// <summary>
    /// A sale recorded within the customer retention window before <paramref name="at"/> (soft
    /// opt-in, CPCE L.34-5 al. 4): an account or a customer-start alone is not a sale.
    /// </summary>
    public static bool HasPurchaseWithinWindow(SubjectFacts facts, RetentionOptions options, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var last = Latest(facts.Interactions.Where(i => i.Kind == InteractionKinds.Purchase && i.At <= at).Select(i => i.At));
        return last is not null && at <= last.Value.AddYears(options.CustomerYears);
    }

    private static DateTimeOffset? Latest(IEnumerable<DateTimeOffset> values)
    {
        DateTimeOffset? latest = null;
        foreach (var v in values)
        {
            if (latest is null || v > latest)
            {
                latest = v;
            }
        }
        return latest;
    }
}
