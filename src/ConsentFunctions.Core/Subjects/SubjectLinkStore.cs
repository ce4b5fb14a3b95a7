using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// A person known by an email and one or more phones has a partition per identifier. Every form
/// that gave two identifiers writes a link row in each partition naming the other's key, and
/// links are never overwritten, so every phone ever given with an email stays reachable:
/// objections, unsubscribes, export and erasure reach all of the person's partitions.
/// </summary>
public sealed class SubjectLinkStore(ConsentTables tables)
{
    // email -> phones -> (the email again): two hops reach every partition of one person.
    private const int Hops = 2;

    public async Task<IReadOnlyCollection<string>> AllKeysAsync(string subjectKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Subjects);
        var keys = new HashSet<string>(StringComparer.Ordinal) { subjectKey };
        var frontier = new List<string> { subjectKey };
        for (var hop = 0; hop < Hops && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var key in frontier)
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {SubjectPartition.LinkPrefix} and RowKey lt {"link}"}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
                {
                    var linked = row.RowKey[SubjectPartition.LinkPrefix.Length..];
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
