using System.Text;
using Azure.Data.Tables;

namespace ConsentFunctions.Core.Storage;

/// <summary>
/// Stores a long text whole across several string properties. A Table Storage string property
/// holds at most 64 KiB of UTF-16 (32,768 characters); a wording may be longer, and proof is
/// never truncated. Chunks never split a surrogate pair, so each one is valid text.
/// </summary>
public static class TextChunks
{
    public const int ChunkLength = 30_000;

    public static void Write(TableEntity entity, string prefix, string text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        var index = 0;
        var start = 0;
        do
        {
            var length = Math.Min(ChunkLength, text.Length - start);
            if (length > 0 && start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }
            entity[ChunkName(prefix, index)] = text.Substring(start, length);
            start += length;
            index++;
        }
        while (start < text.Length);
        entity[prefix + "Chunks"] = index;
    }

    public static string? Read(TableEntity entity, string prefix)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var count = entity.GetInt32(prefix + "Chunks");
        if (count is null)
        {
            return null;
        }
        var builder = new StringBuilder();
        for (var i = 0; i < count.Value; i++)
        {
            builder.Append(entity.GetString(ChunkName(prefix, i)));
        }
        return builder.ToString();
    }

    private static string ChunkName(string prefix, int index) => $"{prefix}{index:D2}";
}
