namespace ConsentFunctions.Core.Calling;

/// <summary>
/// Law n° 2025-594 art. 13: from 11 August 2026, a consumer may be called for prospecting only
/// with their consent or within an ongoing contract. A date of French law starts at midnight in
/// Paris (summer time, UTC+2), not at UTC midnight: 2026-08-10T22:00:00Z.
/// </summary>
public static class PhoneOptIn
{
    public static readonly DateTimeOffset From = new(2026, 8, 11, 0, 0, 0, TimeSpan.FromHours(2));
}
