using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Agent;

/// <summary>
/// A client that floods pings and never reads its socket: the platform's replies fill its bounded send queue
/// (Platform:Agent:SendQueueLimit, small here) and it alone is dropped, while another user's run goes on.
/// </summary>
// Timing-sensitive (start-up, delays, expiry, shutdown): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class SlowConsumerTests
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("""{"type":"ping"}""");

    [Test]
    public async Task A_client_that_never_reads_is_dropped_and_another_users_run_still_completes()
    {
        var platform = await Platforms.Get("slow-consumer", "--Platform:Agent:StepDelayMs=10", $"--Platform:E2EBypassKey={Platforms.E2EKey}",
            "--Platform:Agent:SendQueueLimit=8", "--Platform:Agent:SlowConsumerGraceMs=300",
            // Unpaced, so the replies pile up within seconds; pacing is the next test's subject.
            "--Platform:Agent:InboundMessagesPerSecond=0");
        using var client = new PlatformClient(platform);
        var flooder = await client.NewUserAsync("flooder");
        var other = await client.NewUserAsync("other");

        using var socket = await OpenWithoutReadingAsync(platform.WebSocketUrl, flooder.AccessToken);
        var sent = 0;
        string? stopped = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (sent < 2_000_000)
            {
                await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
                sent++;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            stopped = e is OperationCanceledException ? "still flooding after 30 s" : $"dropped ({e.GetType().Name})";
        }

        await using var otherSocket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, other.AccessToken);
        await otherSocket.SendUserMessageAsync("How can I cut my GPU costs?");
        var events = await otherSocket.UntilAsync("agent_completed");
        Assert.Multiple(() =>
        {
            Assert.That(stopped, Does.StartWith("dropped"), $"the flooding client was not dropped after {sent} pings: {stopped ?? "it sent them all"}");
            Assert.That(events.Select(e => e.Type).Where(t => t.StartsWith("agent_") || t.StartsWith("tool_")),
                Is.EqualTo(AgentRunTests.GoldenPath), otherSocket.Transcript);
        });
    }

    [Test]
    public async Task A_client_past_its_message_rate_is_read_more_slowly_and_loses_nothing()
    {
        // 20 at once, then 200 per second: 220 pings cannot all be answered in under (220 - 20) / 200 = 1 s.
        var platform = await Platforms.Get("paced", $"--Platform:E2EBypassKey={Platforms.E2EKey}",
            "--Platform:Agent:InboundMessagesPerSecond=200", "--Platform:Agent:InboundBurst=20");
        using var client = new PlatformClient(platform);
        var user = await client.NewUserAsync("hasty");
        await using var socket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, user.AccessToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        const int pings = 220;
        for (var i = 0; i < pings; i++)
        {
            await socket.SendAsync(new { type = "ping" });
        }
        // Loses nothing: every ping is answered (NextAsync fails with what arrived if one is missing).
        for (var pongs = 0; pongs < pings;)
        {
            var frame = await socket.NextAsync($"pong {pongs + 1} of {pings}", TimeSpan.FromSeconds(10));
            if (frame.Type == "pong") pongs++;
        }
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)),
            "220 pings at 200 per second after a burst of 20 were all answered sooner than pacing allows");
    }

    /// <summary>A WebSocket with a 4 KB receive buffer that the test never reads.</summary>
    private static async Task<ClientWebSocket> OpenWithoutReadingAsync(Uri url, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(url, new HttpMessageInvoker(handler), timeout.Token);
        return socket;
    }
}
