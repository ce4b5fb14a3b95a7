using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Proofs;

/// <summary>Settings of section <c>Proofs</c>: the daily roots, their timestamps and their container.</summary>
public sealed class ProofOptions
{
    public const string Section = "Proofs";

    /// <summary>The container of the roots; Storage:QueuePrefix is put before it (tests and shared local storage).</summary>
    public const string Container = "proof-roots";

    /// <summary>
    /// The RFC 3161 timestamp authority the roots are sent to (any qualified eIDAS service). Empty:
    /// roots are written without a token, and the packs say so.
    /// </summary>
    public string? TsaUrl { get; set; }

    /// <summary>Time allowed to the authority's answer.</summary>
    public TimeSpan TsaTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Years the container's time-based immutability policy keeps each blob unchangeable (set by
    /// the deployment, infra/app/storage.bicep); packs quote it.
    /// </summary>
    public int ImmutableYears { get; set; } = 6;

    public bool Timestamps => !string.IsNullOrWhiteSpace(TsaUrl);
}

/// <summary>Refuses at start-up a timestamp authority URL or a retention the app could not use.</summary>
public sealed class ProofOptionsValidator : IValidateOptions<ProofOptions>
{
    public ValidateOptionsResult Validate(string? name, ProofOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        // Plain http is allowed: an RFC 3161 token is signed, and many qualified authorities serve it so.
        if (options.Timestamps && !HttpUrls.IsValid(options.TsaUrl))
        {
            errors.Add("Proofs:TsaUrl must be an absolute http or https URL (or empty for no timestamps).");
        }
        if (options.TsaTimeout <= TimeSpan.Zero || options.TsaTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add("Proofs:TsaTimeout must be positive and at most 2 minutes.");
        }
        if (options.ImmutableYears is < 1 or > 100)
        {
            errors.Add("Proofs:ImmutableYears must be between 1 and 100.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
