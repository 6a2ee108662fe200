using System.Net.WebSockets;
using Acceptance.ReferencePlatform.Storage;
using Acceptance.ReferencePlatform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Agent;

/// <summary>Refused handshakes, error frames, and connections closed when their session ends.</summary>
// Timing-sensitive (start-up, delays, expiry, shutdown): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class SocketRefusalTests : DefaultPlatformFixture
{
    [TestCase("none", false, TestName = "A handshake without a token is refused with 401")]
    [TestCase("garbage", false, TestName = "A handshake with a bad token is refused with 401")]
    [TestCase("garbage", true, TestName = "A handshake with a bad subprotocol token is refused with 401")]
    [TestCase("refresh", false, TestName = "A handshake with a refresh token is refused with 401")]
    [TestCase("revoked", false, TestName = "A handshake with a revoked token is refused with 401")]
    [TestCase("expired", false, TestName = "A handshake with an expired token is refused with 401")]
    public async Task Bad_handshakes_are_refused_before_the_upgrade(string kind, bool viaSubprotocols)
    {
        var user = await Client.NewUserAsync();
        string? token = kind switch
        {
            "none" => null,
            "garbage" => "not.a.token",
            "refresh" => user.RefreshToken,
            "expired" => TokenForge.Sign(TokenForge.Claims(user.Id, user.Email, expiresInSeconds: -120)),
            _ => user.AccessToken,
        };
        if (kind == "revoked")
        {
            await Client.PostJsonAsync(Client.Auth("/auth/logout"), null, user.AccessToken);
        }
        var status = await AgentSocket.HandshakeStatusAsync(Client.Platform.WebSocketUrl, token, viaSubprotocols);
        Assert.That(status, Is.EqualTo(401));
    }

    public static IEnumerable<TestCaseData> BadMessages()
    {
        yield return new TestCaseData("{\"type\": \"user_message\", ", "JSON_PARSE_ERROR").SetName("Malformed JSON gets JSON_PARSE_ERROR");
        yield return new TestCaseData("{\"type\":\"user_message\",\"payload\":{\"text\":\"" + new string('x', 9000) + "\"}}", "MESSAGE_TOO_LARGE").SetName("A message over 8192 bytes gets MESSAGE_TOO_LARGE");
        yield return new TestCaseData("{\"type\":\"dance\"}", "UNKNOWN_TYPE").SetName("An unknown type gets UNKNOWN_TYPE");
        yield return new TestCaseData("{\"type\":\"user_message\",\"payload\":{}}", "VALIDATION_ERROR").SetName("A user message without text gets VALIDATION_ERROR");
        yield return new TestCaseData("{\"type\":\"user_message\",\"payload\":{\"text\":42}}", "VALIDATION_ERROR").SetName("A numeric text gets VALIDATION_ERROR");
        yield return new TestCaseData("{\"type\":\"user_message\"}", "VALIDATION_ERROR").SetName("A user message without payload gets VALIDATION_ERROR");
        yield return new TestCaseData("{\"payload\":{\"text\":\"hi\"}}", "VALIDATION_ERROR").SetName("A message without type gets VALIDATION_ERROR");
        yield return new TestCaseData("{\"type\":\"user_message\",\"payload\":{\"text\":\"hi\",\"thread_id\":7}}", "VALIDATION_ERROR").SetName("A numeric thread_id gets VALIDATION_ERROR");
        yield return new TestCaseData("UNKNOWN_THREAD", "THREAD_NOT_FOUND").SetName("An unknown thread gets THREAD_NOT_FOUND");
        yield return new TestCaseData("FOREIGN_THREAD", "THREAD_NOT_FOUND").SetName("Another user's thread gets THREAD_NOT_FOUND");
    }

    [TestCaseSource(nameof(BadMessages))]
    public async Task Bad_messages_get_an_error_frame_change_nothing_and_the_connection_stays_usable(string message, string code)
    {
        var user = await Client.NewUserAsync();
        var ownThread = await Client.CreateThreadAsync(user, "mine");
        if (message is "UNKNOWN_THREAD" or "FOREIGN_THREAD")
        {
            var threadId = message == "UNKNOWN_THREAD" ? Guid.NewGuid().ToString() : await Client.CreateThreadAsync(await Client.NewUserAsync("other"), "theirs");
            message = "{\"type\":\"user_message\",\"payload\":{\"text\":\"hello\",\"thread_id\":\"" + threadId + "\"}}";
        }
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendTextAsync(message);
        var error = await socket.NextAsync($"an error frame {code}");
        await socket.SendAsync(new { type = "ping" });
        var pong = await socket.NextAsync("a pong after the error");

        Assert.Multiple(() =>
        {
            Assert.That(error.Type, Is.EqualTo("error"), socket.Transcript);
            Assert.That(error.Json.GetProperty("error_code").GetString(), Is.EqualTo(code), socket.Transcript);
            Assert.That(error.Json.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(pong.Type, Is.EqualTo("pong"), socket.Transcript);
        });
        var threads = (await Client.GetAsync(Client.Api("/api/threads"), user.AccessToken)).Json;
        Assert.That(threads.GetProperty("total").GetInt32(), Is.EqualTo(1), "a refused message created a thread");
        Assert.That(await Client.MessagesAsync(user, ownThread), Is.Empty, "a refused message changed a thread");
    }

    [Test]
    public async Task Signing_out_closes_the_sessions_connections_with_1008_within_a_second()
    {
        var user = await Client.NewUserAsync();
        var otherSession = await Client.PostJsonAsync(Client.Auth("/auth/e2e/test-auth"), new { email = user.Email },
            headers: new Dictionary<string, string> { ["X-E2E-Bypass-Key"] = Platforms.E2EKey });
        var other = PlatformClient.FromPair(otherSession.Json);
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        await using var otherSocket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, other.AccessToken);

        var signedOutAt = socket.Now;
        var logout = await Client.PostJsonAsync(Client.Auth("/auth/logout"), null, user.AccessToken);
        var (status, closedAt) = await socket.ClosedAsync("the close after signing out", TimeSpan.FromSeconds(2));

        Assert.That(logout.Code, Is.EqualTo(200));
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        Assert.That(closedAt - signedOutAt, Is.LessThan(TimeSpan.FromSeconds(1)));
        await otherSocket.SendAsync(new { type = "ping" });
        Assert.That((await otherSocket.NextAsync("a pong on the other session")).Type, Is.EqualTo("pong"), "another session's socket was closed too");
    }

    [Test]
    public async Task Reusing_a_rotated_refresh_token_closes_the_sessions_connections_with_1008()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });

        var (status, _) = await socket.ClosedAsync("the close after refresh token reuse", TimeSpan.FromSeconds(2));
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    [Test]
    public async Task A_token_revoked_while_open_gets_TOKEN_REVOKED_on_the_next_message_and_a_1008_close()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        // Revoke only the token (as an administrator would), so the socket is not closed at once.
        var jti = TokenForge.Payload(user.AccessToken).GetProperty("jti").GetString()!;
        Client.Platform.Services.GetRequiredService<SessionStore>().RevokeToken(jti, DateTimeOffset.UtcNow.AddHours(1));

        await socket.SendAsync(new { type = "ping" });
        var error = await socket.NextAsync("a TOKEN_REVOKED error");
        var (status, _) = await socket.ClosedAsync("the close after TOKEN_REVOKED");

        Assert.That(error.Json.GetProperty("error_code").GetString(), Is.EqualTo("TOKEN_REVOKED"), socket.Transcript);
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    [Test]
    public async Task A_token_that_expires_while_open_gets_TOKEN_EXPIRED_on_the_next_message_and_a_1008_close()
    {
        using var shortLived = new PlatformClient(await Platforms.Get("short-tokens", "--Platform:Jwt:AccessTokenSeconds=2",
            "--Platform:Jwt:ClockSkewSeconds=0", "--Platform:Agent:StepDelayMs=10"));
        var bob = await shortLived.LoginAsync("bob@example.com", "correct-horse-bob");
        await using var socket = await AgentSocket.ConnectAsync(shortLived.Platform.WebSocketUrl, bob.AccessToken);
        await Task.Delay(TimeSpan.FromSeconds(3.1));

        await socket.SendAsync(new { type = "ping" });
        var error = await socket.NextAsync("a TOKEN_EXPIRED error");
        var (status, _) = await socket.ClosedAsync("the close after TOKEN_EXPIRED");

        Assert.That(error.Json.GetProperty("error_code").GetString(), Is.EqualTo("TOKEN_EXPIRED"), socket.Transcript);
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }
}
