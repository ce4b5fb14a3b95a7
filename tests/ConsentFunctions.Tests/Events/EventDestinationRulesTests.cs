using ConsentFunctions.Core.Events;

namespace ConsentFunctions.Tests.Events;

/// <summary>
/// A destination is refused at start-up unless deliveries to it are safe: https, or plain http to a
/// receiver on this machine. Identifiers travel only over https, whatever includeIdentifiers says.
/// </summary>
public sealed class EventDestinationRulesTests
{
    private static EventDestination Destination(string url, bool includeIdentifiers = false)
        => new() { Name = "mailer", Url = url, Secret = "a-secret-of-sixteen-chars", IncludeIdentifiers = includeIdentifiers };

    private static IEnumerable<string> Failures(string url)
        => new EventOptionsValidator().Validate(null, new EventOptions { Destinations = [Destination(url)] }).Failures ?? [];

    [Theory]
    [InlineData("https://hooks.mailer.example/consent")]
    [InlineData("http://localhost:5005/events")]
    [InlineData("http://127.0.0.1:5005/events")]
    [InlineData("http://[::1]:5005/events")]
    public void A_safe_destination_starts(string url) => Assert.Empty(Failures(url));

    [Theory]
    [InlineData("http://hooks.mailer.example/consent")]
    [InlineData("ftp://hooks.mailer.example/consent")]
    [InlineData("/relative/path")]
    [InlineData("")]
    public void An_unsafe_or_malformed_destination_is_refused_without_repeating_its_url(string url)
    {
        var failure = Assert.Single(Failures(url));
        Assert.StartsWith("Events:Destinations:0:Url", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("mailer.example", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.mailer.example/consent", true, true)]
    [InlineData("http://localhost:5005/events", true, false)]
    [InlineData("https://hooks.mailer.example/consent", false, false)]
    public void Identifiers_go_only_over_https(string url, bool includeIdentifiers, bool sent)
        => Assert.Equal(sent, Destination(url, includeIdentifiers).SendsIdentifiers);
}
