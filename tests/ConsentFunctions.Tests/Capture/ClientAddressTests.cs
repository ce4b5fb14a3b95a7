using System.Net;
using ConsentFunctions.Core.Capture;

namespace ConsentFunctions.Tests.Capture;

public class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:abcd:12:34:56:78:9a", "2001:db8:abcd::/48")]
    public void Keeps_only_the_network_part(string address, string expected)
        => Assert.Equal(expected, ClientAddress.Truncate(IPAddress.Parse(address)));

    [Fact]
    public void Takes_the_forwarded_address_the_front_end_appended_not_what_the_client_claimed()
        => Assert.Equal(IPAddress.Parse("198.51.100.9"), ClientAddress.Resolve("6.6.6.6, 198.51.100.9:5123", IPAddress.Loopback));

    [Fact]
    public void Falls_back_to_the_socket_address()
        => Assert.Equal(IPAddress.Loopback, ClientAddress.Resolve("not an address", IPAddress.Loopback));
}
