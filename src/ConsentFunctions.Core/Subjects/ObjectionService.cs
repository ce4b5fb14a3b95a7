namespace ConsentFunctions.Core.Subjects;

/// <summary>POST /api/subjects/object: the person's right to object (GDPR art. 21), effective at once.</summary>
public sealed class ObjectionService(SuppressionWriter writer, SubjectFactsReader reader, SubjectLinkStore links, TimeProvider time)
{
    public async Task<DateTimeOffset> ObjectAsync(IReadOnlyList<Identifier> identifiers, IReadOnlyList<string> channels, IReadOnlyList<string> purposes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var at = time.GetUtcNow();
        var facts = (from c in channels from p in purposes select new SuppressionFact(SuppressionFact.Objection, c, p, at)).ToList();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            keys.UnionWith(await links.AllKeysAsync(reader.KeyOf(identifier), cancellationToken));
        }
        var act = new SuppressionAct(reader.KeyOf(identifiers[0]), Email: identifiers.FirstOrDefault(i => i.Kind == "email")?.Value,
            Phone: identifiers.FirstOrDefault(i => i.Kind == "phone")?.Value);
        await writer.WriteAsync(keys, facts, SubjectPartition.Ticks(at), cancellationToken, act);
        return at;
    }
}
