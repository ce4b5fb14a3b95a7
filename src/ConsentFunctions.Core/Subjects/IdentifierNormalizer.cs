using System.Net.Mail;
using PhoneNumbers;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// The one normal form of each identifier (RULES.md section 3): email trimmed and lower-cased,
/// phone in E.164 with France as the default region. Every key and every look-up goes through here.
/// </summary>
public static class IdentifierNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public const int MaxEmailLength = 254;

    public static bool TryNormalizeEmail(string? raw, out string email)
    {
        email = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }
        var candidate = raw.Trim().ToLowerInvariant();
        if (candidate.Length > MaxEmailLength || candidate.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '\u007e' && !char.IsLetterOrDigit(c)))
        {
            return false;
        }
        var at = candidate.LastIndexOf('@');
        if (at <= 0 || at != candidate.IndexOf('@') || at == candidate.Length - 1)
        {
            return false;
        }
        var domain = candidate[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        if (!MailAddress.TryCreate(candidate, out var parsed) || parsed.Address != candidate)
        {
            return false;
        }
        email = candidate;
        return true;
    }

    public static bool TryNormalizePhone(string? raw, out string e164, string defaultRegion = "FR")
    {
        e164 = string.Empty;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40)
        {
            return false;
        }
        try
        {
            var number = Phones.Parse(raw, defaultRegion);
            if (!Phones.IsValidNumber(number))
            {
                return false;
            }
            e164 = Phones.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
