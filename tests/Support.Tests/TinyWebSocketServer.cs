using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Acceptance.Support.Tests;

/// <summary>
/// A minimal Kestrel WebSocket server on 127.0.0.1 and a free port: it refuses a handshake without an
/// Authorization header with 401, greets, and on "script" replies with the frames it was given, spaced out.
/// </summary>
public sealed class TinyWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TinyWebSocketServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Frames sent, in order, <paramref name="spacing"/> apart, after each text message received.</summary>
    public static async Task<TinyWebSocketServer> StartAsync(IReadOnlyList<string> replies, TimeSpan spacing)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
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
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TinyWebSocketServer(app, new Uri(address.Replace("http://", "ws://") + "/ws"));
    }

    private static Task Send(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
    }
}
