using System.Net.Sockets;
using System.Text;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>An HTTP answer read off the wire.</summary>
public sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string ContentType => Headers.GetValueOrDefault("content-type", string.Empty);
}

/// <summary>
/// HTTP/1.1 written byte for byte on a socket, so a test can send what HttpClient would tidy up or
/// refuse (paths with <c>..</c>, header bytes that are not ASCII, a Content-Type it cannot parse).
/// </summary>
public static class RawHttp
{
    public static async Task<RawAnswer> SendAsync(Uri server, string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers,
        string? contentType, byte[]? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        if (contentType is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }
        if (body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(head.ToString());
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
            if (body is not null)
            {
                await stream.WriteAsync(body, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server may answer (413) and close before the whole body is sent: read its answer.
        }
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellationToken);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with unread body bytes).
        }
        return Parse(received.ToArray());
    }

    private static RawAnswer Parse(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException("No HTTP answer: " + text);
        }
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + line[(colon + 1)..].Trim() : line[(colon + 1)..].Trim();
        }
        var body = response[(end + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Dechunk(body);
        }
        return new RawAnswer(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = IndexOfCrlf(body, position);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, position, lineEnd - position).Split(';')[0].Trim(), 16);
            position = lineEnd + 2;
            if (size == 0)
            {
                break;
            }
            output.Write(body, position, size);
            position += size + 2;
        }
        return output.ToArray();
    }

    private static int IndexOfCrlf(byte[] bytes, int from)
    {
        for (var i = from; i < bytes.Length - 1; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }
        throw new InvalidOperationException("A chunk size line without its end.");
    }
}
