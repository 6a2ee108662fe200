using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Support;

public sealed record Frame(TimeSpan At, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string Type => Json.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";

    public override string ToString() => $"+{At.TotalMilliseconds:F0} ms {Text}";
}

/// <summary>
/// A client of the agent WebSocket. A background loop receives every frame into a queue (cancelling a
/// pending receive would abort the socket), so each wait has its own deadline and a failed wait can say
/// what it awaited and everything that did arrive.
/// </summary>
public sealed class AgentSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>();
    private readonly List<Frame> _transcript = [];
    private readonly Task _receiving;
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Status, TimeSpan At)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    private AgentSocket(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public string? SubProtocol => _socket.SubProtocol;

    public JsonElement Established { get; private set; }

    public string Transcript => _transcript.Count == 0 ? "(nothing)" : string.Join("\n", _transcript);

    /// <summary>Connects with a Bearer header (or the browser subprotocols) and reads connection_established.</summary>
    public static async Task<AgentSocket> ConnectAsync(Uri url, string? token, bool viaSubprotocols = false)
    {
        var socket = NewSocket(token, viaSubprotocols);
        using var deadline = new CancellationTokenSource(DefaultWait);
        await socket.ConnectAsync(url, deadline.Token);
        var client = new AgentSocket(socket);
        var first = await client.NextAsync("the first frame, connection_established");
        Assert.That(first.Type, Is.EqualTo("connection_established"), $"first frame was {first}");
        client.Established = first.Json;
        return client;
    }

    /// <summary>The HTTP status of a handshake attempt: 101 when the upgrade is accepted.</summary>
    public static async Task<int> HandshakeStatusAsync(Uri url, string? token, bool viaSubprotocols = false)
    {
        using var socket = NewSocket(token, viaSubprotocols);
        socket.Options.CollectHttpResponseDetails = true;
        using var deadline = new CancellationTokenSource(DefaultWait);
        try
        {
            await socket.ConnectAsync(url, deadline.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return 101;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    public static string[] BrowserSubprotocols(string token) => ["jwt-auth", "jwt." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token))];

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var deadline = new CancellationTokenSource(DefaultWait);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, deadline.Token);
    }

    /// <summary>Sends bytes as they are, text or binary, in one frame or the last of a message (for malformed frames).</summary>
    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage = true)
    {
        using var deadline = new CancellationTokenSource(DefaultWait);
        await _socket.SendAsync(bytes, type, endOfMessage, deadline.Token);
    }

    public Task SendUserMessageAsync(string text, string? threadId = null) =>
        SendAsync(new { type = "user_message", payload = threadId is null ? (object)new { text } : new { text, thread_id = threadId } });

    /// <summary>The next frame, whatever it is.</summary>
    public async Task<Frame> NextAsync(string awaited, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            return await _frames.Reader.ReadAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var closed = _closed.Task.IsCompleted ? $" The connection closed ({_closed.Task.Result.Status})." : "";
            Assert.Fail($"Waited {wait.TotalSeconds:F1} s for {awaited}; nothing more arrived.{closed} Received so far:\n{Transcript}");
            throw;
        }
    }

    /// <summary>Frames up to and including the first one of the given type.</summary>
    public async Task<List<Frame>> UntilAsync(string type, TimeSpan? timeout = null)
    {
        var frames = new List<Frame>();
        var deadline = Stopwatch.StartNew();
        var wait = timeout ?? DefaultWait;
        while (true)
        {
            var left = wait - deadline.Elapsed;
            var frame = await NextAsync($"a '{type}' frame (within {wait.TotalSeconds:F1} s)", left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            frames.Add(frame);
            if (frame.Type == type)
            {
                return frames;
            }
        }
    }

    /// <summary>Frames that arrive within a bounded quiet window (to show that something does not come).</summary>
    public async Task<List<Frame>> DuringAsync(TimeSpan window)
    {
        var frames = new List<Frame>();
        using var deadline = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                frames.Add(await _frames.Reader.ReadAsync(deadline.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return frames;
        }
    }

    /// <summary>Waits for the server to close the connection; returns the close code and when it came.</summary>
    public async Task<(WebSocketCloseStatus? Status, TimeSpan At)> ClosedAsync(string awaited, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        var finished = await Task.WhenAny(_closed.Task, Task.Delay(wait));
        if (finished != _closed.Task)
        {
            Assert.Fail($"Waited {wait.TotalSeconds:F1} s for {awaited}; the connection stayed open ({_socket.State}). Received:\n{Transcript}");
        }
        return await _closed.Task;
    }

    public TimeSpan Now => _clock.Elapsed;

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((_socket.CloseStatus, _clock.Elapsed));
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        using var deadline = new CancellationTokenSource(DefaultWait);
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", deadline.Token);
                    }
                    return;
                }
                var frame = new Frame(_clock.Elapsed, Encoding.UTF8.GetString(message.ToArray()));
                lock (_transcript)
                {
                    _transcript.Add(frame);
                }
                _frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult((_socket.CloseStatus, _clock.Elapsed));
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private static ClientWebSocket NewSocket(string? token, bool viaSubprotocols)
    {
        var socket = new ClientWebSocket();
        if (token is not null && viaSubprotocols)
        {
            foreach (var protocol in BrowserSubprotocols(token))
            {
                socket.Options.AddSubProtocol(protocol);
            }
        }
        else if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", deadline.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }
        else
        {
            _socket.Abort();
        }
        await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(2)));
        _socket.Dispose();
    }
}
