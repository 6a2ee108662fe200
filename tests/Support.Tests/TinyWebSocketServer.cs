using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Acceptance.Support.Tests;

/// <summary>
/// A minimal Kestrel WebSocket server on 127.0.0.1 and a free port: it refuses a handshake without an
/// Authorization header with 401, greets, and on "script" replies with the frames it was given, spaced out.
/// </summary>
public sealed class TinyWebSocketServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private TinyWebSocketServer(LoopbackServer server)
    {
        _server = server;
        Uri = new Uri(server.Uri.AbsoluteUri.Replace("http://", "ws://") + "ws");
    }

    public Uri Uri { get; }

    /// <summary>Frames sent, in order, <paramref name="spacing"/> apart, after each text message received.</summary>
    public static async Task<TinyWebSocketServer> StartAsync(IReadOnlyList<string> replies, TimeSpan spacing)
    {
        var server = await LoopbackServer.StartAsync(app => Map(app, replies, spacing), TimeSpan.FromSeconds(5));
        return new TinyWebSocketServer(server);
    }

    private static void Map(WebApplication app, IReadOnlyList<string> replies, TimeSpan spacing)
    {
        app.UseWebSockets();
        app.Map("/ws", async context =>
        {
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer "))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await Send(socket, """{"type":"connection_established"}""");
            var buffer = new byte[4096];
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                if (Encoding.UTF8.GetString(buffer, 0, received.Count) == "close-me")
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "signed out", CancellationToken.None);
                    break;
                }
                foreach (var reply in replies)
                {
                    await Task.Delay(spacing);
                    await Send(socket, reply);
                }
            }
        });
    }

    private static Task Send(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
