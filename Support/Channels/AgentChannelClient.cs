using System.Net;
using System.Net.WebSockets;
using System.Text;
using Acceptance.Support.Evidence;

namespace Acceptance.Support.Channels;

/// <summary>How the client presents its token when it opens the agent channel.</summary>
public enum ChannelCredential
{
    /// <summary>`Authorization: Bearer` header, as a server-side client does.</summary>
    Header,
    /// <summary>Subprotocols ["jwt-auth", "jwt.&lt;base64url&gt;"], as a browser does.</summary>
    Subprotocol,
}

/// <summary>The result of trying to open the agent channel: either an open client or the handshake's refusal.</summary>
public sealed record ChannelOpening(AgentChannelClient? Client, int? RefusedWithStatus, string? Failure)
{
    public bool Opened => Client is not null;
}

/// <summary>
/// A client of the agent WebSocket. It starts receiving the moment it is open (so nothing sent in reply to a
/// later trigger can be missed), keeps a timestamped transcript, and waits only with deadlines.
/// </summary>
public sealed class AgentChannelClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly IEvidenceLog _evidence;
    private readonly System.Diagnostics.Stopwatch _clock;
    private readonly List<ChannelFrame> _frames = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = NewSignal();
    private readonly Task _receiving;

    public string Name { get; }
    public int MaxFrameBytes { get; set; } = 1 << 20;
    public WebSocketCloseStatus? CloseStatus { get; private set; }
    public string? CloseDescription { get; private set; }
    public bool IsClosed { get; private set; }

    private AgentChannelClient(string name, ClientWebSocket socket, IEvidenceLog evidence, System.Diagnostics.Stopwatch clock)
    {
        Name = name;
        _socket = socket;
        _evidence = evidence;
        _clock = clock;
        Append(FrameDirection.Opened, $"{socket.SubProtocol ?? "(no subprotocol)"}");
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Opens the channel. A refused handshake is a result, not an exception; so is a transport failure.</summary>
    public static async Task<ChannelOpening> OpenAsync(
        string name, Uri uri, string? accessToken, ChannelCredential credential, IEvidenceLog evidence, TimeSpan deadline)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        if (accessToken is not null)
        {
            if (credential == ChannelCredential.Header)
                socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
            else
            {
                socket.Options.AddSubProtocol("jwt-auth");
                socket.Options.AddSubProtocol("jwt." + Base64Url(accessToken));
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
            evidence.Note($"{name} opened the agent channel {uri} in {clock.Elapsed.TotalMilliseconds:0} ms");
            return new ChannelOpening(new AgentChannelClient(name, socket, evidence, clock), null, null);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            var status = socket.HttpStatusCode == 0 ? (int?)null : (int)socket.HttpStatusCode;
            var failure = exception is OperationCanceledException
                ? $"the handshake did not complete within {deadline.TotalSeconds:0.#} s"
                : exception.Message;
            evidence.RecordFrame(name, new ChannelFrameRecord(FrameDirection.Refused, clock.Elapsed,
                $"handshake to {uri} refused: HTTP {(status?.ToString() ?? "none")} ({failure})"));
            socket.Dispose();
            return new ChannelOpening(null, status, failure);
        }
    }

    public static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Every frame so far, in arrival order.</summary>
    public IReadOnlyList<ChannelFrame> Transcript { get { lock (_gate) return _frames.ToList(); } }

    /// <summary>The index the next frame will have: remember it before a trigger to read only what follows.</summary>
    public int Mark() { lock (_gate) return _frames.Count; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task SendTextAsync(string text, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        Append(FrameDirection.Sent, text);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the frames received since <paramref name="fromIndex"/>.</summary>
    public async Task<IReadOnlyList<ChannelFrame>> WaitUntilAsync(
        string awaited, Func<IReadOnlyList<ChannelFrame>, bool> condition, TimeSpan deadline, int fromIndex = 0)
    {
        var started = _clock.Elapsed;
        var until = started + deadline;
        while (true)
        {
            Task changed;
            IReadOnlyList<ChannelFrame> received;
            lock (_gate)
            {
                received = _frames.Skip(fromIndex).Where(frame => frame.IsReceived).ToList();
                changed = _changed.Task;
            }
            if (condition(received)) return received;

            var remaining = until - _clock.Elapsed;
            if (remaining <= TimeSpan.Zero || (IsClosed && !changed.IsCompleted))
                throw new ChannelTimeoutException(DescribeTimeout(awaited, deadline, started, fromIndex));
            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    /// <summary>Waits for <paramref name="count"/> received frames that match, after <paramref name="fromIndex"/>.</summary>
    public Task<IReadOnlyList<ChannelFrame>> WaitForAsync(
        string awaited, Func<ChannelFrame, bool> match, int count, TimeSpan deadline, int fromIndex = 0) =>
        WaitUntilAsync(awaited, frames => frames.Count(match) >= count, deadline, fromIndex)
            .ContinueWith(task => (IReadOnlyList<ChannelFrame>)task.GetAwaiter().GetResult().Where(match).Take(count).ToList(),
                TaskScheduler.Default);

    /// <summary>
    /// Watches for a bounded quiet window and returns every received frame that matched in it (none is the quiet
    /// outcome). Never waits longer than <paramref name="window"/>.
    /// </summary>
    public async Task<IReadOnlyList<ChannelFrame>> WatchQuietWindowAsync(Func<ChannelFrame, bool> match, TimeSpan window, int fromIndex = 0)
    {
        var until = _clock.Elapsed + window;
        while (true)
        {
            Task changed;
            List<ChannelFrame> matched;
            lock (_gate)
            {
                matched = _frames.Skip(fromIndex).Where(frame => frame.IsReceived && match(frame)).ToList();
                changed = _changed.Task;
            }
            var remaining = until - _clock.Elapsed;
            if (matched.Count > 0 || remaining <= TimeSpan.Zero) return matched;
            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    /// <summary>Waits for the server to close the channel; returns the close status, or throws with the transcript.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan deadline)
    {
        var started = _clock.Elapsed;
        var finished = await Task.WhenAny(_receiving, Task.Delay(deadline));
        if (finished != _receiving || !IsClosed)
            throw new ChannelTimeoutException(DescribeTimeout("the server to close the channel", deadline, started, 0));
        return CloseStatus;
    }

    public string DescribeTimeout(string awaited, TimeSpan deadline, TimeSpan startedAt, int fromIndex)
    {
        var transcript = Transcript;
        var builder = new StringBuilder()
            .Append($"Timed out after {deadline.TotalSeconds:0.###} s (from +{startedAt.TotalSeconds:0.000}s) waiting for {awaited} ")
            .Append($"on {Name}'s agent channel.");
        var waited = _clock.Elapsed - startedAt;
        if (waited < deadline) builder.Append($" Gave up after {waited.TotalSeconds:0.###} s because the channel had closed.");
        if (IsClosed) builder.Append($" The channel was closed by the server ({CloseStatus?.ToString() ?? "no status"} {CloseDescription}).");
        var received = transcript.Skip(fromIndex).Count(frame => frame.IsReceived);
        builder.Append($"\n{received} frame(s) arrived in that time; the whole transcript ({transcript.Count} entries, offsets from the opening):");
        foreach (var frame in transcript)
            builder.Append("\n  ").Append(frame.Index < fromIndex ? "  (before) " : "").Append(frame.Describe(_evidence.Redactor.Payload(frame.Payload)));
        if (transcript.Count == 0) builder.Append("\n  (nothing)");
        return builder.ToString();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    CloseDescription = result.CloseStatusDescription;
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxFrameBytes)
                    throw new InvalidDataException($"a frame over {MaxFrameBytes} bytes");
                if (!result.EndOfMessage) continue;
                Append(FrameDirection.Received, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is WebSocketException or InvalidDataException)
        {
            CloseDescription = exception.Message;
            CloseStatus ??= _socket.CloseStatus;
        }
        IsClosed = true;
        Append(FrameDirection.Closed, $"{(CloseStatus is { } status ? ((int)status).ToString() : "no close status")} {CloseDescription}".Trim());
    }

    private void Append(FrameDirection direction, string payload)
    {
        ChannelFrame frame;
        TaskCompletionSource previous;
        lock (_gate)
        {
            frame = new ChannelFrame(_frames.Count, direction, _clock.Elapsed, payload);
            _frames.Add(frame);
            previous = _changed;
            _changed = NewSignal();
        }
        _evidence.RecordFrame(Name, new ChannelFrameRecord(direction, frame.Offset, payload));
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync() => await PoliteClose.CloseAsync(_socket, _stop, _receiving);
}
