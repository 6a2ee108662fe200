using System.Net.WebSockets;

namespace Acceptance.Support.Channels;

/// <summary>How the suite's WebSocket clients end a channel: a normal close within 2 s, else abort; the receive loop gets 2 s to notice.</summary>
internal static class PoliteClose
{
    public static async Task CloseAsync(ClientWebSocket socket, CancellationTokenSource stop, Task receiving)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "scenario finished", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The scenario is over; a channel that will not close politely is aborted below.
        }
        stop.Cancel();
        socket.Abort();
        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2)));
        socket.Dispose();
        stop.Dispose();
    }
}
