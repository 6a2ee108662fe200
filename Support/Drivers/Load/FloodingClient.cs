using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Acceptance.Support.Drivers.Load;

/// <summary>
/// A misbehaving client: it opens the agent channel with a tiny receive buffer, never reads it, and sends
/// pings as fast as it can, so the platform's replies pile up for it. It stops when the platform drops it,
/// when it has sent its quota, or when told to.
/// </summary>
public sealed class FloodingClient : IAsyncDisposable
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("""{"type":"ping"}""");

    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task _flooding = Task.CompletedTask;

    private FloodingClient(ClientWebSocket socket) => _socket = socket;

    public int Sent { get; private set; }

    /// <summary>Why the flood ended early: the platform closed or reset the connection (null while it goes on or when it ran out of quota).</summary>
    public string? DroppedBecause { get; private set; }

    public static async Task<FloodingClient> OpenAsync(Uri uri, string accessToken, TimeSpan deadline)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var handler = new SocketsHttpHandler
        {
            // A small receive window: the platform's replies back up after kilobytes, not megabytes.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                try
                {
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(tcp, ownsSocket: true);
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            },
        };
        using var timeout = new CancellationTokenSource(deadline);
        await socket.ConnectAsync(uri, new HttpMessageInvoker(handler), timeout.Token);
        return new FloodingClient(socket);
    }

    /// <summary>Starts sending up to <paramref name="quota"/> pings in the background, each send within <paramref name="sendDeadline"/>.</summary>
    public void Start(int quota, TimeSpan sendDeadline) => _flooding = FloodAsync(quota, sendDeadline);

    private async Task FloodAsync(int quota, TimeSpan sendDeadline)
    {
        try
        {
            while (Sent < quota && !_stop.IsCancellationRequested)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(sendDeadline);
                await _socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
                Sent++;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Told to stop.
        }
        catch (OperationCanceledException)
        {
            DroppedBecause = $"a send did not complete within {sendDeadline.TotalSeconds:0.#} s (the platform stopped reading)";
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            DroppedBecause = $"the platform closed the connection ({e.Message})";
        }
    }

    /// <summary>Stops the flood and returns once it has stopped.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAny(_flooding, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
