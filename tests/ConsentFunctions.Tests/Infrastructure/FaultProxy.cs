using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>What the proxy does to the connections it accepts.</summary>
public enum FaultMode
{
    /// <summary>Every connection passes untouched.</summary>
    Clean,

    /// <summary>Each new connection, at random: refused, reset mid-request, answers delayed, or clean.</summary>
    Faulty,

    /// <summary>Every connection is refused, and the open ones are reset: storage is down.</summary>
    Down,
}

/// <summary>
/// A TCP proxy in the test process between the app and Azurite, which injects the faults a real
/// network and a real storage service produce: connections refused, connections reset in the middle
/// of a request or an answer, and answers that arrive seconds late.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly Task _accepting;
    private volatile FaultMode _mode = FaultMode.Clean;

    public FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start(512);
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Refused;
    public int Resets;
    public int Delayed;

    /// <summary>Delay added to each answer of a delayed connection.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(3);

    public FaultMode Mode
    {
        get => _mode;
        set
        {
            _mode = value;
            if (value == FaultMode.Down)
            {
                foreach (var connection in _open.Keys)
                {
                    Reset(connection);
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        var mode = _mode;
        var roll = Random.Shared.NextDouble();
        if (mode == FaultMode.Down || mode == FaultMode.Faulty && roll < 0.15)
        {
            Interlocked.Increment(ref Refused);
            Reset(client);
            return;
        }
        // Reset after this many bytes of the request (somewhere in its headers or body), or never.
        long resetAfter = mode == FaultMode.Faulty && roll < 0.35 ? Random.Shared.Next(50, 4000) : long.MaxValue;
        var delayed = mode == FaultMode.Faulty && roll is >= 0.35 and < 0.5;
        // Reset in the middle of an answer: storage did the work, the app never hears it did.
        long resetAnswerAfter = mode == FaultMode.Faulty && roll is >= 0.5 and < 0.6 ? Random.Shared.Next(1, 400) : long.MaxValue;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client); // storage itself is down: the app sees a refused connection
            return;
        }
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client, upstream, resetAfter, TimeSpan.Zero, stop.Token);
            var down = PumpAsync(upstream, client, resetAnswerAfter, delayed ? Delay : TimeSpan.Zero, stop.Token);
            if (delayed)
            {
                Interlocked.Increment(ref Delayed);
            }
            await Task.WhenAny(up, down);
            await stop.CancelAsync();
            if (up.IsCompletedSuccessfully && up.Result || down.IsCompletedSuccessfully && down.Result)
            {
                Interlocked.Increment(ref Resets);
            }
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
            Reset(client);
            Reset(upstream);
        }
    }

    /// <summary>Copies bytes one way; true when it stopped because of the injected reset.</summary>
    private static async Task<bool> PumpAsync(TcpClient from, TcpClient to, long resetAfter, TimeSpan delay, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long sent = 0;
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return false;
                }
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }
                var allowed = (int)Math.Min(read, resetAfter - sent);
                await target.WriteAsync(buffer.AsMemory(0, allowed), cancellationToken);
                sent += allowed;
                if (sent >= resetAfter)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            var socket = client.Client;
            if (socket is null)
            {
                return; // closed already
            }
            socket.LingerState = new LingerOption(true, 0); // close with RST, not FIN
            client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var connection in _open.Keys)
        {
            Reset(connection);
        }
        _stop.Dispose();
    }
}
