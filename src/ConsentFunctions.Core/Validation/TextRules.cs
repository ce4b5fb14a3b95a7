namespace ConsentFunctions.Core.Validation;

/// <summary>Checks shared by every identifier-like field (ids, versions, form ids).</summary>
public static class TextRules
{
    /// <summary>Letters, digits and <c>. _ - :</c>; safe as a table key and in a URL path.</summary>
    public static bool IsSafeId(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                return false;
            }
        }
        return true;
    }

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
