using System.Net.WebSockets;
using System.Text;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.BadInput;

/// <summary>A frame the agent channel cannot take, the error code it gets, and how to send it.</summary>
public sealed record BadFrame(string Name, string Code, Func<AgentSocket, Task> Send)
{
    public override string ToString() => Name;

    public static BadFrame Text(string name, string code, string text) => new(name, code, s => s.SendTextAsync(text));

    public static BadFrame Bytes(string name, string code, byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text) =>
        new(name, code, s => s.SendBytesAsync(bytes, type));
}

/// <summary>
/// Bad frames on the agent channel: each gets an error frame with the contract's code, starts nothing, and the
/// connection stays usable (a ping still gets its pong).
/// </summary>
[TestFixture]
public sealed class SocketBadInputTests : DefaultPlatformFixture
{
    private const int MaxMessageSize = 8192;

    private static string UserMessage(string payload) => $"{{\"type\":\"user_message\",\"payload\":{payload}}}";

    public static IEnumerable<BadFrame> Frames()
    {
        const string parse = "JSON_PARSE_ERROR", invalid = "VALIDATION_ERROR", unknown = "UNKNOWN_TYPE", tooLarge = "MESSAGE_TOO_LARGE";
        yield return BadFrame.Text("broken JSON", parse, "{\"type\": \"user_message\", ");
        yield return BadFrame.Text("plain text", parse, "hello agent");
        yield return BadFrame.Text("an empty text frame", parse, "");
        yield return BadFrame.Text("only whitespace", parse, "   \n");
        yield return BadFrame.Text("JSON followed by garbage", parse, "{\"type\":\"ping\"} x");
        yield return BadFrame.Text("two JSON objects in one frame", parse, "{\"type\":\"ping\"}{\"type\":\"ping\"}");
        yield return BadFrame.Text("single-quoted JSON", parse, "{'type': 'ping'}");
        yield return BadFrame.Text("a trailing comma", parse, "{\"type\":\"ping\",}");
        yield return BadFrame.Text("NaN", parse, "{\"type\":\"ping\",\"n\":NaN}");
        yield return BadFrame.Text("an unpaired surrogate escape in the text", parse, UserMessage("{\"text\":\"\\ud800\"}"));
        yield return BadFrame.Text("an unpaired surrogate escape in the type", parse, "{\"type\":\"\\udfff\"}");
        yield return BadFrame.Text("JSON nested 1000 deep", parse, UserMessage($"{{\"text\":\"hi\",\"extra\":{new string('[', 1000)}{new string(']', 1000)}}}"));
        yield return BadFrame.Bytes("invalid UTF-8 in a binary frame", invalid, [.. "{\"type\":\"ping\",\"x\":\""u8, 0xFF, 0xFE, .. "\"}"u8], WebSocketMessageType.Binary);
        yield return BadFrame.Bytes("a binary frame holding a valid ping", invalid, "{\"type\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Binary);
        yield return BadFrame.Bytes("a binary frame holding a valid user message", invalid, Encoding.UTF8.GetBytes(UserMessage("{\"text\":\"hi\"}")), WebSocketMessageType.Binary);
        yield return BadFrame.Text("a JSON array", invalid, "[{\"type\":\"ping\"}]");
        yield return BadFrame.Text("a JSON string", invalid, "\"ping\"");
        yield return BadFrame.Text("a JSON number", invalid, "42");
        yield return BadFrame.Text("JSON null", invalid, "null");
        yield return BadFrame.Text("an empty object", invalid, "{}");
        yield return BadFrame.Text("a type that is a number", invalid, "{\"type\":1}");
        yield return BadFrame.Text("a type that is null", invalid, "{\"type\":null}");
        yield return BadFrame.Text("a type that is an object", invalid, "{\"type\":{\"name\":\"ping\"}}");
        yield return BadFrame.Text("a type that is an array", invalid, "{\"type\":[\"ping\"]}");
        yield return BadFrame.Text("an unknown type", unknown, "{\"type\":\"dance\"}");
        yield return BadFrame.Text("an empty type", unknown, "{\"type\":\"\"}");
        yield return BadFrame.Text("a type in capitals", unknown, "{\"type\":\"PING\"}");
        yield return BadFrame.Text("a type with spaces around it", unknown, "{\"type\":\" ping \"}");
        yield return BadFrame.Text("a type of 5000 characters", unknown, $"{{\"type\":\"{new string('t', 5000)}\"}}");
        yield return BadFrame.Text("a server event's type", unknown, "{\"type\":\"agent_completed\"}");
        yield return BadFrame.Text("a user message without payload", invalid, "{\"type\":\"user_message\"}");
        yield return BadFrame.Text("a payload that is text", invalid, UserMessage("\"hi\""));
        yield return BadFrame.Text("a payload that is an array", invalid, UserMessage("[\"hi\"]"));
        yield return BadFrame.Text("a payload that is null", invalid, UserMessage("null"));
        yield return BadFrame.Text("a payload without text", invalid, UserMessage("{}"));
        yield return BadFrame.Text("a text that is a number", invalid, UserMessage("{\"text\":42}"));
        yield return BadFrame.Text("a text that is an object", invalid, UserMessage("{\"text\":{\"value\":\"hi\"}}"));
        yield return BadFrame.Text("a text that is null", invalid, UserMessage("{\"text\":null}"));
        yield return BadFrame.Text("an empty text", invalid, UserMessage("{\"text\":\"\"}"));
        yield return BadFrame.Text("a text of whitespace", invalid, UserMessage("{\"text\":\" \\n\\t \"}"));
        yield return BadFrame.Text("a thread_id that is a number", invalid, UserMessage("{\"text\":\"hi\",\"thread_id\":7}"));
        yield return BadFrame.Text("a thread_id that is an object", invalid, UserMessage("{\"text\":\"hi\",\"thread_id\":{}}"));
        yield return BadFrame.Text("an unknown thread_id", "THREAD_NOT_FOUND", UserMessage($"{{\"text\":\"hi\",\"thread_id\":\"{Guid.NewGuid()}\"}}"));
        yield return BadFrame.Text("a thread_id of 5000 characters", "THREAD_NOT_FOUND", UserMessage($"{{\"text\":\"hi\",\"thread_id\":\"{new string('7', 5000)}\"}}"));
        yield return BadFrame.Text("a thread_id that is an SQL fragment", "THREAD_NOT_FOUND", UserMessage("{\"text\":\"hi\",\"thread_id\":\"' OR '1'='1\"}"));
        yield return BadFrame.Text("a message of 8193 bytes", tooLarge, UserMessage($"{{\"text\":\"{new string('x', MaxMessageSize)}\"}}"));
        yield return new BadFrame("a message of 9000 bytes in 9 fragments", tooLarge, async s =>
        {
            var bytes = Encoding.UTF8.GetBytes(UserMessage($"{{\"text\":\"{new string('x', 9000)}\"}}"));
            for (var offset = 0; offset < bytes.Length; offset += 1000)
            {
                var end = Math.Min(offset + 1000, bytes.Length);
                await s.SendBytesAsync(bytes[offset..end], WebSocketMessageType.Text, endOfMessage: end == bytes.Length);
            }
        });
        yield return BadFrame.Bytes("a binary frame of 100 KB", tooLarge, new byte[100 * 1024], WebSocketMessageType.Binary);
    }

    [TestCaseSource(nameof(Frames))]
    public async Task Gets_an_error_frame_starts_nothing_and_the_connection_stays_usable(BadFrame bad)
    {
        var user = await Client.NewUserAsync("bad-frames");
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await bad.Send(socket);
        var error = await socket.NextAsync($"an error frame {bad.Code}");
        await socket.SendAsync(new { type = "ping" });
        var pong = await socket.NextAsync("a pong after the error");

        Assert.Multiple(() =>
        {
            Assert.That(error.Type, Is.EqualTo("error"), socket.Transcript);
            Assert.That(error.Json.GetProperty("error_code").GetString(), Is.EqualTo(bad.Code), socket.Transcript);
            Assert.That(error.Json.GetProperty("message").GetString(), Is.Not.Empty, socket.Transcript);
            Assert.That(error.Text.Length, Is.LessThan(1024), $"the error frame quotes too much back: {error}");
            Assert.That(pong.Type, Is.EqualTo("pong"), socket.Transcript);
        });
        var threads = (await Client.GetAsync(Client.Api("/api/threads"), user.AccessToken)).Json;
        Assert.That(threads.GetProperty("total").GetInt32(), Is.Zero, "a refused frame started a conversation");
    }

    /// <summary>
    /// RFC 6455 (8.1) says a text frame that is not UTF-8 fails the connection, and ASP.NET Core's WebSocket does
    /// so before the platform sees the frame: it sends close 1007 and drops the connection at once, so the client
    /// sees 1007 or, if the drop overtakes the close frame, a connection closed without one. Either way nothing
    /// else arrives, and the channel takes new connections.
    /// </summary>
    [Test]
    public async Task Invalid_UTF_8_in_a_text_frame_fails_the_connection_as_RFC_6455_requires()
    {
        var user = await Client.NewUserAsync("bad-frames");
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendBytesAsync([.. "{\"type\":\"user_message\",\"payload\":{\"text\":\"ok"u8, 0xC3, 0x28, .. "\"}}"u8], WebSocketMessageType.Text);
        var (status, _) = await socket.ClosedAsync("the server to fail the connection (1007)");

        Assert.That(status, Is.Null.Or.EqualTo(WebSocketCloseStatus.InvalidPayloadData), socket.Transcript);
        Assert.That(socket.Transcript.Split('\n'), Has.Length.EqualTo(1), $"frames arrived after the bad one: {socket.Transcript}");
        var fresh = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        await using (fresh)
        {
            await fresh.SendAsync(new { type = "ping" });
            Assert.That((await fresh.NextAsync("a pong on a new connection")).Type, Is.EqualTo("pong"), "the channel refused new connections");
        }
    }

    [Test]
    public async Task A_message_over_1_MB_is_not_drained_the_connection_closes_with_1009()
    {
        var user = await Client.NewUserAsync("bad-frames");
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        try
        {
            for (var sent = 0; sent <= 1024 * 1024; sent += 64 * 1024)
            {
                await socket.SendBytesAsync(new byte[64 * 1024], WebSocketMessageType.Binary, endOfMessage: false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The server may close while the client is still sending: that is the answer.
        }
        var (status, _) = await socket.ClosedAsync("the server to close the connection (1009)");

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.MessageTooBig), socket.Transcript);
    }
}
