using System.Text;

namespace ConsentFunctions.Core.Logging;

/// <summary>
/// Caller-chosen text that a log line names (a form id): cut to a short length and with every
/// character outside printable ASCII escaped as <c>\uXXXX</c>, so a caller can neither forge log
/// lines (CR/LF), hide text (zero-width, bidi controls) nor flood the logs.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 64;

    public static string Safe(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text.Length > maxLength ? text[..maxLength] : text)
        {
            if (c is >= ' ' and <= '~' && c != '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        if (text.Length > maxLength)
        {
            builder.Append("…(").Append(text.Length).Append(')');
        }
        return builder.ToString();
    }
}
