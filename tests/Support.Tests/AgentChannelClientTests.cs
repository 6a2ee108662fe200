using Acceptance.Support.Channels;
using Acceptance.Support.Evidence;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
public sealed class AgentChannelClientTests
{
    private static readonly string[] Run =
    [
        """{"type":"agent_started","run_id":"r1"}""",
        """{"type":"agent_thinking","run_id":"r1","access_token":"should-not-leak"}""",
    ];

    private static async Task<(TinyWebSocketServer Server, AgentChannelClient Client)> ConnectAsync(TimeSpan spacing)
    {
        var server = await TinyWebSocketServer.StartAsync(Run, spacing);
        var opening = await AgentChannelClient.OpenAsync("Alice", server.Uri, "a.b.c", ChannelCredential.Header, new NullEvidenceLog(), TimeSpan.FromSeconds(5));
        Assert.That(opening.Client, Is.Not.Null, opening.Failure);
        return (server, opening.Client!);
    }

    [Test]
    public async Task Frames_sent_in_reply_to_a_trigger_are_all_received()
    {
        var (server, client) = await ConnectAsync(TimeSpan.Zero);
        await using (server)
        await using (client)
        {
            var mark = client.Mark();
            await client.SendTextAsync("go", TimeSpan.FromSeconds(2));
            var frames = await client.WaitForAsync("two run events", f => f.Type?.StartsWith("agent_") == true, 2, TimeSpan.FromSeconds(5), mark);
            Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "agent_thinking" }));
        }
    }

    [Test]
    public async Task A_timeout_says_what_was_awaited_for_how_long_and_every_frame_with_its_offset()
    {
        var (server, client) = await ConnectAsync(TimeSpan.Zero);
        await using (server)
        await using (client)
        {
            await client.SendTextAsync("go", TimeSpan.FromSeconds(2));
            var failure = Assert.ThrowsAsync<ChannelTimeoutException>(() =>
                client.WaitForAsync("agent_completed", f => f.Type == "agent_completed", 1, TimeSpan.FromMilliseconds(600)));
            Assert.That(failure!.Message, Does.Contain("waiting for agent_completed")
                .And.Contain("0.6 s")
                .And.Contain("← {\"type\":\"connection_established\"}")
                .And.Contain("→ go")
                .And.Contain("agent_started")
                .And.Contain("agent_thinking")
                .And.Match(@"\+\d+\.\d{3}s"));
        }
    }

    [Test]
    public async Task A_timeout_message_does_not_leak_secrets()
    {
        var (server, client) = await ConnectAsync(TimeSpan.Zero);
        await using (server)
        await using (client)
        {
            await client.SendTextAsync("go", TimeSpan.FromSeconds(2));
            await client.WaitForAsync("agent_thinking", f => f.Type == "agent_thinking", 1, TimeSpan.FromSeconds(5));
            var failure = Assert.ThrowsAsync<ChannelTimeoutException>(() =>
                client.WaitForAsync("agent_completed", f => f.Type == "agent_completed", 1, TimeSpan.FromMilliseconds(200)));
            Assert.That(failure!.Message, Does.Not.Contain("should-not-leak"));
        }
    }

    [Test]
    public async Task A_wait_returns_as_soon_as_its_condition_holds_not_at_its_deadline()
    {
        var (server, client) = await ConnectAsync(TimeSpan.FromMilliseconds(50));
        await using (server)
        await using (client)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await client.SendTextAsync("go", TimeSpan.FromSeconds(2));
            await client.WaitForAsync("agent_thinking", f => f.Type == "agent_thinking", 1, TimeSpan.FromSeconds(20));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
    }

    [Test]
    public async Task A_quiet_window_ends_at_its_bound_when_nothing_matching_arrives()
    {
        var (server, client) = await ConnectAsync(TimeSpan.Zero);
        await using (server)
        await using (client)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var matched = await client.WatchQuietWindowAsync(f => f.Type == "agent_completed", TimeSpan.FromMilliseconds(300));
            Assert.That((matched.Count, clock.Elapsed < TimeSpan.FromSeconds(3)), Is.EqualTo((0, true)));
        }
    }

    [Test]
    public async Task A_quiet_window_reports_a_matching_frame_that_arrives()
    {
        var (server, client) = await ConnectAsync(TimeSpan.FromMilliseconds(20));
        await using (server)
        await using (client)
        {
            var mark = client.Mark();
            await client.SendTextAsync("go", TimeSpan.FromSeconds(2));
            var matched = await client.WatchQuietWindowAsync(f => f.Type == "agent_thinking", TimeSpan.FromSeconds(5), mark);
            Assert.That(matched, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task A_handshake_without_a_token_is_a_refusal_with_its_HTTP_status()
    {
        await using var server = await TinyWebSocketServer.StartAsync(Run, TimeSpan.Zero);
        var opening = await AgentChannelClient.OpenAsync("a visitor", server.Uri, null, ChannelCredential.Header, new NullEvidenceLog(), TimeSpan.FromSeconds(5));
        Assert.That((opening.Opened, opening.RefusedWithStatus), Is.EqualTo((false, (int?)401)));
    }

    [Test]
    public async Task A_server_close_is_reported_with_its_close_code()
    {
        var (server, client) = await ConnectAsync(TimeSpan.Zero);
        await using (server)
        await using (client)
        {
            await client.SendTextAsync("close-me", TimeSpan.FromSeconds(2));
            Assert.That(await client.WaitForCloseAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation));
        }
    }
}
