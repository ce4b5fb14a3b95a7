using System.Net;
using System.Net.Sockets;

namespace ConsentFunctions.Core.Capture;

/// <summary>
/// The client address kept as evidence, truncated (IPv4 to /24, IPv6 to /48): enough to
/// corroborate a submission, not enough to single out a device.
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

    /// <summary>
    /// The last address of X-Forwarded-For, the one the platform's front end appended (earlier
    /// entries are whatever the client claimed), else the socket's.
    /// </summary>
    public static IPAddress? Resolve(string? forwardedFor, IPAddress? remote)
    {
        if (!string.IsNullOrWhiteSpace(forwardedFor))
        {
            var last = forwardedFor.Split(',')[^1].Trim();
            if (IPEndPoint.TryParse(last, out var endpoint))
            {
                return endpoint.Address;
            }
            if (IPAddress.TryParse(last, out var parsed))
            {
                return parsed;
            }
        }
        return remote;
    }
}
