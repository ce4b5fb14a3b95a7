using System.Diagnostics.CodeAnalysis;

namespace ConsentFunctions.Core.Calling;

/// <summary>
/// IANA time zone names (<c>Europe/Paris</c>, <c>America/Martinique</c>) as forms record them
/// and <c>Rules:DefaultTimeZone</c> names them. Resolved through the system's tz database
/// (tzdata on Linux; ICU on Windows), so the rules follow the database's updates.
/// </summary>
public static class IanaTimeZones
{
    /// <summary>The longest IANA name is 32 characters; anything much longer is not one.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Finds the zone of an IANA name. Refuses what is not one: Windows names
    /// (<c>Romance Standard Time</c>), names with characters the database never uses, path tricks
    /// (<c>../</c>), blanks, and names of another case than the database's (the answer must not
    /// depend on the file system's case sensitivity).
    /// </summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (!IsWellFormed(id))
        {
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId
            || !string.Equals(found.Id, id, StringComparison.Ordinal))
        {
            return false;
        }
        zone = found;
        return true;
    }

    public static bool IsValid(string? id) => TryFind(id, out _);

    /// <summary>The zone of an IANA name; <see cref="ArgumentException"/> when it is not one.</summary>
    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new ArgumentException("Not a known IANA time zone name.", nameof(id));

    private static bool IsWellFormed([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id[0] == '/' || id[^1] == '/'
            || id.Contains("..", StringComparison.Ordinal) || id.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }
        // The database's names use ASCII letters, digits, '/', '_', '-' and '+' only.
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            {
                return false;
            }
        }
        return true;
    }
}
