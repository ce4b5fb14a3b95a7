using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;

namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>One box a confirmation may be needed for: a valid consent posted to the public route.</summary>
public sealed record ConfirmationBox(int Index, string Channel, string Purpose, string Wording);

/// <summary>
/// What the outbox row of a public capture carries for the confirmation step of the relay
/// (<see cref="ConfirmationRelay"/>): the receipt, the form's language, and its boxes that gave or
/// await a consent. Written in the capture's own transaction (column <c>Confirm</c> of the
/// <c>relay|</c> row), so an acknowledged pending consent always gets its email, without one more
/// storage round trip on the capture path.
/// </summary>
public sealed record ConfirmationRequest(string ReceiptId, string Language, IReadOnlyList<ConfirmationBox> Boxes)
{
    private const string Column = "Confirm";

    public void WriteTo(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        TextChunks.Write(row, Column, JsonSerializer.Serialize(this, JsonDefaults.Options));
    }

    /// <summary>The request an outbox row carries, or null (rows of other acts, and rows written before double opt-in).</summary>
    public static ConfirmationRequest? ReadFrom(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return TextChunks.Read(row, Column) is { } json ? JsonSerializer.Deserialize<ConfirmationRequest>(json, JsonDefaults.Options) : null;
    }

    /// <summary>"fr" or "en" from a form's language tag; French when it names neither.</summary>
    public static string LanguageOf(string? formLanguage)
        => formLanguage is not null && formLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";
}
