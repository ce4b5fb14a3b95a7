using System.Net;
using System.Net.Sockets;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// The client address kept as evidence, truncated (IPv4 to /24, IPv6 to /48): enough to
/// corroborate a submission, not enough to single out a device. The address is the connection's:
/// in Azure, the worker's ASP.NET Core integration sets it from the X-Forwarded-For hop the
/// platform appended; reading the header ourselves would trust entries the client wrote.
/// </summary>
public static class ClientAddress
{
    public static string? Truncate(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return new IPAddress(bytes) + "/24";
        }
        for (var i = 6; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }
        return new IPAddress(bytes) + "/48";
    }
}
