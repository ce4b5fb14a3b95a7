using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ConsentFunctions.Core.Validation;

/// <summary>
/// Checks shared by text fields: identifier-like ones (ids, versions, form ids) and free text
/// (meaningful, one line, no control characters or lone surrogates).
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Letters, digits and <c>. _ -</c>, with at least one letter or digit (so never <c>.</c> or
    /// <c>..</c>, which a URL path would resolve): safe as a table key and in a URL path.
    /// </summary>
    public static bool IsSafeId(string? value, int maxLength) => IsId(value, maxLength, allowColon: false);

    /// <summary>
    /// An id to look up: also <c>:</c>, which ids registered before version 2 of these rules may hold,
    /// so data already stored stays reachable. New ids go through <see cref="IsSafeId"/>.
    /// </summary>
    public static bool IsStoredId(string? value, int maxLength) => IsId(value, maxLength, allowColon: true);

    private static bool IsId(string? value, int maxLength, bool allowColon)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }
        var meaningful = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                meaningful = true;
            }
            else if (!(c is '.' or '_' or '-' || allowColon && c == ':'))
            {
                return false;
            }
        }
        return meaningful;
    }

    /// <summary>
    /// True when the text says something: a letter or a digit remains once invisible characters
    /// (spaces, format characters such as U+200B, fillers, controls) are set aside. A wording of one
    /// zero-width space is not a wording.
    /// </summary>
    public static bool HasMeaning([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        foreach (var rune in value.EnumerateRunes())
        {
            if (Invisible.Contains(rune.Value))
            {
                continue;
            }
            if (Rune.IsLetterOrDigit(rune))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A name given as free text (a partner): it says something (<see cref="HasMeaning"/>), holds at
    /// most <paramref name="maxLength"/> characters and no forbidden character.
    /// </summary>
    public static bool IsMeaningfulText([NotNullWhen(true)] string? value, int maxLength)
        => HasMeaning(value) && value.Length <= maxLength && !HasForbiddenCharacters(value);

    // Letters by their category that show nothing: Hangul fillers and the Halfwidth filler.
    private static readonly HashSet<int> Invisible = [0x115F, 0x1160, 0x3164, 0xFFA0];

    /// <summary>A name-like field: at most <paramref name="maxLength"/> characters on one line, no control characters.</summary>
    public static bool IsOneLine(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= maxLength && !HasForbiddenCharacters(value) && !value.Contains('\n', StringComparison.Ordinal) && !value.Contains('\r', StringComparison.Ordinal);
    }

    /// <summary>True when the text holds a control character (other than tab, CR, LF) or a lone surrogate.</summary>
    public static bool HasForbiddenCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c))
            {
                return true;
            }
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return true;
            }
        }
        return false;
    }
}
