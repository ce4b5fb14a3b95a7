using Azure.Data.Tables;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Receipts;

public class ReceiptTests
{
    [Theory]
    [InlineData("01JDX8Q3M4Z6ABCDEFGHJKMNPQAbCdEfGhIjKlMnOpQrSt")]
    [InlineData("nope")]
    [InlineData("' or '1' eq '1")]
    public async Task An_unknown_or_malformed_receipt_is_404(string receiptId)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.ReceiptAsync(receiptId)).AssertProblem(404);
    }

    [Fact]
    public async Task Altered_wording_in_storage_is_detected()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var receiptId = (await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString())).Json.GetProperty("receiptId").GetString()!;

        var subjects = await app.TableAsync(TableNames.Subjects);
        var receipt = (await subjects.GetEntityAsync<TableEntity>(receiptId[26..], "receipt|" + receiptId[..26])).Value;
        receipt["Proof00"] = receipt.GetString("Proof00").Replace("offres commerciales", "offres partenaires", StringComparison.Ordinal);
        await subjects.UpdateEntityAsync(receipt, receipt.ETag, TableUpdateMode.Replace);

        var integrity = (await app.ReceiptAsync(receiptId)).Json.GetProperty("integrity");
        Assert.False(integrity.GetProperty("intact").GetBoolean());
        Assert.False(integrity.GetProperty("documentMatches").GetBoolean());
        Assert.False(integrity.GetProperty("consents")[0].GetProperty("wordingMatchesSha256").GetBoolean());
        Assert.True(integrity.GetProperty("consents")[1].GetProperty("wordingMatchesSha256").GetBoolean());
    }

    [Fact]
    public async Task An_altered_fact_row_is_detected()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var receiptId = (await app.CaptureAsync(Forms.Valid(Forms.UniqueEmail()).ToJsonString())).Json.GetProperty("receiptId").GetString()!;

        var subjects = await app.TableAsync(TableNames.Subjects);
        await foreach (var fact in subjects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {receiptId[26..]} and RowKey ge {"consent|email|marketing|"} and RowKey lt {"consent|email|marketing}"}")))
        {
            fact["WordingSha256"] = new string('0', 64);
            await subjects.UpdateEntityAsync(fact, fact.ETag, TableUpdateMode.Replace);
        }

        var integrity = (await app.ReceiptAsync(receiptId)).Json.GetProperty("integrity");
        Assert.False(integrity.GetProperty("intact").GetBoolean());
        Assert.True(integrity.GetProperty("documentMatches").GetBoolean());
        Assert.False(integrity.GetProperty("consents")[0].GetProperty("factRowMatches").GetBoolean());
    }
}
