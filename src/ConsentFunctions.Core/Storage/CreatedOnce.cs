using System.Collections.Concurrent;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Creates each named resource (a table, a queue) once per process, on first use, so a fresh
/// storage account needs no set-up step. A failed creation (storage briefly down) is forgotten,
/// so the next call tries again instead of failing for the life of the process.
/// </summary>
public sealed class CreatedOnce<T>(Func<string, Task<T>> create)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _items = new(StringComparer.Ordinal);

    public Task<T> GetAsync(string name)
    {
        var lazy = _items.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _items.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, lazy));
        }
        return task;
    }
}
