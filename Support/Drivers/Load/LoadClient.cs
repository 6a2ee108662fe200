using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Acceptance.Support.Channels;

namespace Acceptance.Support.Drivers.Load;

/// <summary>One received frame of a crowd member's channel: when it arrived (on the crowd's clock) and what it said.</summary>
public sealed record LoadFrame(TimeSpan At, string? Type, string? RunId, string? ThreadId, string? UserId, bool HasAnswer);

/// <summary>
/// A lean agent-channel client for one member of a crowd: it keeps only what the load journey judges (type,
/// run, conversation, user and arrival time of each frame), not a full transcript, so hundreds of them stay cheap.
/// Timestamps come from the crowd's one clock, so "at the same moment" and latencies are comparable.
/// </summary>
public sealed class LoadClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Stopwatch _clock;
    private readonly List<LoadFrame> _frames = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource _greeted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    private LoadClient(ClientWebSocket socket, Stopwatch clock)
    {
        _socket = socket;
        _clock = clock;
        _receiving = ReceiveAsync();
    }

    public IReadOnlyList<LoadFrame> Frames { get { lock (_gate) return _frames.ToList(); } }

    /// <summary>Completes when a run event that ends a run (agent_completed or agent_error) arrives, or the channel closes.</summary>
    public Task Ended => _ended.Task;

    public string? CloseDescription { get; private set; }

    public static async Task<LoadClient> OpenAsync(Uri uri, string accessToken, Stopwatch clock, TimeSpan deadline)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            var status = socket.HttpStatusCode == 0 ? "no HTTP status" : $"HTTP {(int)socket.HttpStatusCode}";
            socket.Dispose();
            throw new InvalidOperationException(e is OperationCanceledException
                ? $"the agent channel did not open within {deadline.TotalSeconds:0.#} s"
                : $"the agent channel refused the handshake ({status}: {e.Message})", e);
        }
        var client = new LoadClient(socket, clock);
        if (await Task.WhenAny(client._greeted.Task, Task.Delay(deadline)) != client._greeted.Task)
        {
            await client.DisposeAsync();
            throw new TimeoutException($"no connection_established greeting within {deadline.TotalSeconds:0.#} s of opening the agent channel");
        }
        return client;
    }

    /// <summary>Sends a question into the conversation; returns when it was sent, on the crowd's clock.</summary>
    public async Task<TimeSpan> AskAsync(string conversationId, string question, TimeSpan deadline)
    {
        var message = JsonSerializer.Serialize(new { type = "user_message", payload = new { text = question, thread_id = conversationId } });
        using var timeout = new CancellationTokenSource(deadline);
        var at = _clock.Elapsed;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        return at;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseDescription = $"closed by the server: {(int?)result.CloseStatus} {result.CloseStatusDescription}".Trim();
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                Record(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            CloseDescription ??= _stop.IsCancellationRequested ? null : $"the channel failed: {e.Message}";
        }
        finally
        {
            _greeted.TrySetResult();
            _ended.TrySetResult();
        }
    }

    private void Record(ReadOnlySpan<byte> json)
    {
        var at = _clock.Elapsed;
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var type = Text("type");
        var frame = new LoadFrame(at, type, Text("run_id"), Text("thread_id"), Text("user_id"), !string.IsNullOrWhiteSpace(Text("final_response")));
        lock (_gate) _frames.Add(frame);
        if (type == "connection_established") _greeted.TrySetResult();
        if (type is "agent_completed" or "agent_error") _ended.TrySetResult();
    }

    public async ValueTask DisposeAsync() => await PoliteClose.CloseAsync(_socket, _stop, _receiving);
}
