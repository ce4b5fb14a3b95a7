using ConsentFunctions.Capture;

namespace ConsentFunctions.Tests.Capture;

public class ReturnUrlsTests
{
    private static bool Allowed(string origin) => origin is "https://shop.example.fr" or "http://localhost:7071";

    [Theory]
    [InlineData("https://shop.example.fr/merci", null, "https://shop.example.fr/merci")]
    [InlineData("https://SHOP.example.fr:443/merci", null, "https://shop.example.fr/merci")]
    [InlineData("/merci.html", "http://localhost:7071", "http://localhost:7071/merci.html")]
    [InlineData("/merci.html", "https://evil.example", null)]
    [InlineData("/merci.html", null, null)]
    [InlineData("https://shop.example.fr.evil.example/", null, null)]
    [InlineData("http://shop.example.fr/merci", null, null)]
    [InlineData("https://shop.example.fr:8443/merci", null, null)]
    [InlineData("JAVASCRIPT:alert(1)", null, null)]
    [InlineData("https://shop.example.fr/\r\nSet-Cookie: a=b", null, null)]
    [InlineData("", null, null)]
    public void Only_pages_of_allowed_origins_are_targets(string returnUrl, string? origin, string? expected)
        => Assert.Equal(expected, ReturnUrls.Resolve(returnUrl, origin, Allowed)?.AbsoluteUri);

    [Fact]
    public void The_receipt_is_added_to_the_query_before_the_fragment()
    {
        var target = ReturnUrls.Resolve("https://shop.example.fr/merci?a=1#fin", null, Allowed)!;
        Assert.Equal("https://shop.example.fr/merci?a=1&receipt=01AB_c-d#fin", ReturnUrls.WithReceipt(target, "01AB_c-d"));
    }
}
