using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Acceptance.ReferencePlatform.Auth;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>One open agent WebSocket. Sends go through a lock: runs of several users may send at once.</summary>
public sealed class AgentConnection(string id, string userId, TokenClaims? claims, WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();

    public string Id { get; } = id;
    public string UserId { get; } = userId;

    /// <summary>The access token it was opened with; null for an anonymous connection (relaxed mode only).</summary>
    public TokenClaims? Claims { get; } = claims;

    /// <summary>Cancelled when the server closes the connection, so the receive loop stops waiting.</summary>
    public CancellationToken Closing => _closing.Token;

    public Task<bool> SendAsync(JsonObject frame, CancellationToken cancellationToken = default) =>
        SendAsync(System.Text.Encoding.UTF8.GetBytes(frame.ToJsonString()), cancellationToken);

    public async Task<bool> SendAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame (after any frame being sent) and stops the receive loop shortly after.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _sendLock.WaitAsync(deadline.Token);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, reason, deadline.Token);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
        // Give the client a moment to answer the close, then stop waiting for it.
        _closing.CancelAfter(TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        _closing.Dispose();
        _sendLock.Dispose();
    }
}
