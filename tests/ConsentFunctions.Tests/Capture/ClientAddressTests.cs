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
}
