using ConsentFunctions.Core.Capture;

namespace ConsentFunctions.Tests.Capture;

public class ReceiptIdsTests
{
    private const string SubjectKey = "AbCdEfGhIjKlMnOpQrSt-_";

    [Fact]
    public void A_receipt_id_names_the_subject_partition_it_lives_in()
    {
        var id = ReceiptIds.New(DateTimeOffset.UtcNow, SubjectKey);
        Assert.True(ReceiptIds.TryParse(id, out var ulid, out var key));
        Assert.Equal(SubjectKey, key);
        Assert.Equal(26, ulid.Length);
    }

    [Fact]
    public void Receipt_ids_sort_by_time()
    {
        var first = ReceiptIds.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), SubjectKey);
        var later = ReceiptIds.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero), SubjectKey);
        Assert.True(string.CompareOrdinal(first, later) < 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01JDX8Q3M4Z6")]
    [InlineData("01JDX8Q3M4Z6ABCDEFGHJKMNPUAbCdEfGhIjKlMnOpQrSt-_")] // U is not Crockford base32
    [InlineData("01JDX8Q3M4Z6ABCDEFGHJKMNPQAbCdEfGhIjKlMnOpQrSt/_")] // '/' is not base64url
    [InlineData("' or PartitionKey ne '' or '                  ")]
    public void Malformed_receipt_ids_are_rejected(string id)
        => Assert.False(ReceiptIds.TryParse(id, out _, out _));
}
