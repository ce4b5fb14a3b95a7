using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// A person known by an email and one or more phones has a partition per identifier. Every form
/// that gave two identifiers writes a link row in each partition naming the other's key, and
/// links are never overwritten, so every phone ever given with an email stays reachable:
/// objections, unsubscribes, export and erasure reach all of the person's partitions.
/// </summary>
public sealed class SubjectLinks(ConsentTables tables)
{
    public const string Prefix = "link|";

    // email -> phones -> (the email again): two hops reach every partition of one person.
    private const int Hops = 2;

    public static TableEntity Row(string subjectKey, string linkedKey) => new(subjectKey, Prefix + linkedKey);

    public async Task<IReadOnlyCollection<string>> AllKeysAsync(string subjectKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Subjects).ConfigureAwait(false);
        var keys = new HashSet<string>(StringComparer.Ordinal) { subjectKey };
        var frontier = new List<string> { subjectKey };
        for (var hop = 0; hop < Hops && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var key in frontier)
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {Prefix} and RowKey lt {"link}"}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    var linked = row.RowKey[Prefix.Length..];
                    if (keys.Add(linked))
                    {
                        next.Add(linked);
                    }
                }
            }
            frontier = next;
        }
        return keys;
    }
}
