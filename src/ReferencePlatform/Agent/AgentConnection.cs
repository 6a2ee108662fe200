using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Acceptance.ReferencePlatform.Auth;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>
/// One open agent WebSocket. Frames go out through a bounded per-connection queue drained by one writer, so a
/// run never waits for a client: when a client stops reading and its queue fills, it alone is dropped (close
/// code 1013 "slow consumer" when the close frame can still get through, otherwise the socket is aborted).
/// </summary>
public sealed class AgentConnection(string id, string userId, TokenClaims? claims, WebSocket socket) : IDisposable
{
    /// <summary>The close code of a dropped slow consumer: RFC 6455's "Try Again Later".</summary>
    public const WebSocketCloseStatus SlowConsumerStatus = (WebSocketCloseStatus)1013;

    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _gate = new();
    private Channel<byte[]>? _queue;
    private Task _writer = Task.CompletedTask;
    private TimeSpan _slowConsumerGrace = TimeSpan.FromSeconds(1);
    private int _closeStarted;

    public string Id { get; } = id;
    public string UserId { get; } = userId;

    /// <summary>The access token it was opened with; null for an anonymous connection (relaxed mode only).</summary>
    public TokenClaims? Claims { get; } = claims;

    /// <summary>Cancelled when the server closes the connection, so the receive loop stops waiting.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Whether the connection was dropped because its client did not read fast enough.</summary>
    public bool DroppedAsSlowConsumer { get; private set; }

    /// <summary>Sets the queue's bound before the first frame (the registry does it from Platform:Agent).</summary>
    public void UseSendQueue(int limit, TimeSpan slowConsumerGrace)
    {
        lock (_gate)
        {
            if (_queue is not null) return;
            _slowConsumerGrace = slowConsumerGrace;
            StartWriter(limit);
        }
    }

    public Task<bool> SendAsync(JsonObject frame, CancellationToken cancellationToken = default) =>
        SendAsync(System.Text.Encoding.UTF8.GetBytes(frame.ToJsonString()), cancellationToken);

    /// <summary>Queues a frame; false when the connection is closing or was dropped (the queue was full).</summary>
    public Task<bool> SendAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        var queue = Queue();
        if (queue.Writer.TryWrite(bytes))
        {
            return Task.FromResult(true);
        }
        if (Volatile.Read(ref _closeStarted) == 0)
        {
            _ = DropSlowConsumerAsync(queue);
        }
        return Task.FromResult(false);
    }

    /// <summary>Sends a close frame after the frames already queued (waiting at most a second for them) and stops the receive loop shortly after.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 1)
        {
            return;
        }
        var queue = Queue();
        queue.Writer.TryComplete();
        await FinishAsync(status, reason, TimeSpan.FromSeconds(1));
    }

    private async Task DropSlowConsumerAsync(Channel<byte[]> queue)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 1)
        {
            return;
        }
        DroppedAsSlowConsumer = true;
        queue.Writer.TryComplete();
        // What is still queued will never be read in time: drop it, then say why if the pipe lets a close through.
        while (queue.Reader.TryRead(out _))
        {
        }
        await FinishAsync(SlowConsumerStatus, "slow consumer: the send queue is full", _slowConsumerGrace);
    }

    private async Task FinishAsync(WebSocketCloseStatus status, string reason, TimeSpan grace)
    {
        using var deadline = new CancellationTokenSource(grace);
        try
        {
            // The writer ends once the queue is drained (or cannot send: then the socket is aborted below).
            await _writer.WaitAsync(deadline.Token);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, deadline.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            _abort.Cancel();
            socket.Abort();
        }
        // Give the client a moment to answer the close, then stop waiting for it.
        try
        {
            _closing.CancelAfter(TimeSpan.FromSeconds(2));
        }
        catch (ObjectDisposedException)
        {
            // The connection is already gone.
        }
    }

    private Channel<byte[]> Queue()
    {
        lock (_gate)
        {
            if (_queue is null)
            {
                StartWriter(AgentOptions.DefaultSendQueueLimit);
            }
            return _queue!;
        }
    }

    private void StartWriter(int limit)
    {
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Math.Max(1, limit))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full: that is the slow-consumer signal
        });
        _writer = WriteAsync(_queue.Reader);
    }

    private async Task WriteAsync(ChannelReader<byte[]> reader)
    {
        try
        {
            await foreach (var bytes in reader.ReadAllAsync(_abort.Token))
            {
                if (socket.State != WebSocketState.Open)
                {
                    continue; // nothing can be sent any more; keep draining so the queue empties
                }
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the connection was dropped: nothing more to send.
        }
    }

    public void Dispose()
    {
        _abort.Cancel();
        _queue?.Writer.TryComplete();
        _closing.Dispose();
        _abort.Dispose();
    }
}
