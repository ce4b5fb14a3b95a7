using System.Text.Json;
using Azure.Data.Tables;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Json;

namespace ConsentFunctions.Core.DoubleOptIn;

/// <summary>
/// The second moment of a double opt-in, kept beside the receipt (column <c>Confirmation</c> of
/// its row, archived with it): when the address's owner confirmed, which boxes, and what the
/// server saw of that request. The receipt's proof itself is never modified: it stays the
/// record of what was collected, when.
/// </summary>
public sealed record ReceiptConfirmation(DateTimeOffset ConfirmedAt, IReadOnlyList<int> Boxes, CaptureContext Context)
{
    public const string Column = "Confirmation";

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static ReceiptConfirmation? ReadFrom(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.GetString(Column) is { } json ? JsonSerializer.Deserialize<ReceiptConfirmation>(json, JsonDefaults.Options) : null;
    }
}
