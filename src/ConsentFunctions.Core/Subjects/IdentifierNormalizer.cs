using System.Globalization;
using System.Net.Mail;
using System.Text;
using PhoneNumbers;

namespace ConsentFunctions.Core.Subjects;

/// <summary>
/// The one normal form of each identifier (RULES.md section 4), so that one mailbox or one line
/// is one person however it was typed. Every key and every look-up goes through here.
/// <list type="bullet">
/// <item>Email: trimmed, Unicode NFC, the domain in its IDNA ASCII form (<c>exämple.fr</c> is
/// <c>xn--exmple-cua.fr</c>), the local part as given but lower-cased. Plus-addressing
/// (<c>jeanne+news@</c>) is kept distinct: whether <c>+</c> means a sub-address is the mail
/// server's choice, not a standard, and merging two addresses that may be two people would let
/// one person's consent be used to contact another. An objection should name the address it
/// objects for.</item>
/// <item>Phone: E.164. A national number (<c>06…</c>, <c>0696…</c>, <c>0262…</c>) is read as
/// French, or, when that is not a valid French number, as one of the overseas regions that share
/// the national format (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte…).</item>
/// </list>
/// </summary>
public static class IdentifierNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>Regions written with the French national "0" prefix, tried in this order after France.</summary>
    private static readonly string[] FrenchNationalRegions = ["GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"];

    public const int MaxEmailLength = 254;

    public static bool TryNormalizeEmail(string? raw, out string email)
    {
        email = string.Empty;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > MaxEmailLength * 2)
        {
            return false;
        }
        string candidate;
        try
        {
            candidate = raw.Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return false; // broken Unicode
        }
        if (candidate.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '\u007e' && !char.IsLetterOrDigit(c)))
        {
            return false;
        }
        var at = candidate.LastIndexOf('@');
        if (at <= 0 || at != candidate.IndexOf('@') || at == candidate.Length - 1)
        {
            return false;
        }
        var local = candidate[..at].ToLowerInvariant();
        string domain;
        try
        {
            domain = Idn.GetAscii(candidate[(at + 1)..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false; // not a domain name IDNA accepts
        }
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        candidate = local + "@" + domain;
        if (candidate.Length > MaxEmailLength)
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
            var written = raw.TrimStart();
            var national = defaultRegion == "FR" && !written.StartsWith('+') && !written.StartsWith("00", StringComparison.Ordinal);
            // One national plan covers France and its overseas regions: 0696… is Martinique, 0262… La
            // Réunion, 0269… Mayotte. Those ranges are the regions', so they are tried first (the
            // metadata of metropolitan France also accepts some of them, such as 0269).
            var number = national
                ? FrenchNationalRegions.Select(region => Phones.Parse(raw, region)).FirstOrDefault(Phones.IsValidNumber) ?? Phones.Parse(raw, defaultRegion)
                : Phones.Parse(raw, defaultRegion);
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
