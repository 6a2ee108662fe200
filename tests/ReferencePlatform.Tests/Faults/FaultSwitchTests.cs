using System.Diagnostics;
using Acceptance.ReferencePlatform.Tests.Agent;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>Each fault switch, on its own platform, changes what it names.</summary>
// Timing-sensitive (start-up, delays, expiry, shutdown): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class FaultSwitchTests
{
    private const string Quick = "--Platform:Agent:StepDelayMs=10";

    [Test]
    public async Task StartupDelayMs_makes_health_answer_503_starting_until_it_ends()
    {
        const int delayMs = 3000;
        await using var platform = await PlatformHost.StartAsync(
            ["--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0", $"--Platform:Faults:StartupDelayMs={delayMs}"]);
        var sinceListening = Stopwatch.StartNew();
        using var client = new PlatformClient(platform);

        var checkedWhileStarting = 0;
        foreach (var url in new[] { client.Auth("/health"), client.Auth("/health/ready"), client.Api("/health"), client.Api("/health/ready") })
        {
            var response = await client.GetAsync(url);
            // On a loaded machine a late answer may fall after the delay; only answers within it must say "starting".
            if (sinceListening.ElapsedMilliseconds < delayMs)
            {
                checkedWhileStarting++;
                Assert.That(response.Code, Is.EqualTo(503), $"{url} at +{sinceListening.ElapsedMilliseconds} ms: {response}");
                Assert.That(response.Body, Is.EqualTo("""{"status":"starting"}"""), url.ToString());
            }
        }
        Assert.That(checkedWhileStarting, Is.GreaterThan(0), "no health answer arrived within the start-up delay");
        var seen = new List<string>();
        while (true)
        {
            var ready = await client.GetAsync(client.Api("/health/ready"));
            seen.Add($"+{sinceListening.ElapsedMilliseconds} ms {ready.Code}");
            if (ready.Code == 200)
            {
                break;
            }
            Assert.That(sinceListening.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(delayMs + 5000)), "api never became ready: " + string.Join(", ", seen));
            await Task.Delay(100);
        }
        Assert.That(sinceListening.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(delayMs - 50), string.Join(", ", seen));
    }

    [Test]
    public async Task WebSocketPath_moves_the_socket_and_the_old_path_is_404()
    {
        var platform = await Platforms.Get("fault-path", "--Platform:Faults:WebSocketPath=/ws", $"--Platform:E2EBypassKey={Platforms.E2EKey}");
        using var client = new PlatformClient(platform);
        var user = await client.NewUserAsync();

        Assert.That(platform.WebSocketUrl.AbsolutePath, Is.EqualTo("/ws"));
        await using var moved = await AgentSocket.ConnectAsync(platform.WebSocketUrl, user.AccessToken);
        var oldPath = new UriBuilder(platform.WebSocketUrl) { Path = "/api/v1/websocket" }.Uri;
        Assert.That(await AgentSocket.HandshakeStatusAsync(oldPath, user.AccessToken), Is.EqualTo(404));
        Assert.That((await client.GetAsync(client.App("/config.js"))).Body, Does.Contain("/ws\""));
    }

    [Test]
    public async Task DropEvent_never_sends_the_named_event()
    {
        var frames = await RunAsync("fault-drop", "--Platform:Faults:DropEvent=tool_executing");
        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "agent_thinking", "tool_completed", "agent_completed" }));
    }

    [Test]
    public async Task SwapEvents_sends_the_two_named_events_in_swapped_order()
    {
        var frames = await RunAsync("fault-swap", "--Platform:Faults:SwapEvents=agent_thinking,tool_executing");
        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "tool_executing", "agent_thinking", "tool_completed", "agent_completed" }));
    }

    [Test]
    public async Task EventDelayMs_delays_every_event()
    {
        var frames = await RunAsync("fault-delay", "--Platform:Faults:EventDelayMs=300");
        Assert.That(frames.Select(f => f.Type), Is.EqualTo(AgentRunTests.GoldenPath));
        // The gaps between the platform's own send times (each event's timestamp): 310 ms apart (300 + the 10 ms
        // step), 10 ms without the fault. Arrival times at the client would add the test machine's scheduling jitter.
        var sent = frames.Select(f => DateTimeOffset.Parse(f.Json.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var gaps = sent.Zip(sent.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps, Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300)), string.Join("\n", frames));
    }

    [Test]
    public async Task AllowAnonymousWebSocket_accepts_a_handshake_without_a_token()
    {
        var platform = await Platforms.Get("fault-anonymous", "--Platform:Faults:AllowAnonymousWebSocket=true", Quick);

        await using var socket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, token: null);
        await socket.SendUserMessageAsync("anonymous compute question");
        var frames = await socket.UntilAsync("agent_completed");

        Assert.That(socket.Established.GetProperty("data").GetProperty("user_id").GetString(), Does.StartWith("anonymous"));
        Assert.That(frames.Select(f => f.Type), Is.EqualTo(AgentRunTests.GoldenPath));
    }

    [Test]
    public async Task Without_fault_switches_an_anonymous_handshake_is_refused()
    {
        var platform = await Platforms.Default();
        Assert.That(await AgentSocket.HandshakeStatusAsync(platform.WebSocketUrl, null), Is.EqualTo(401));
    }

    private static async Task<List<Frame>> RunAsync(string name, string fault)
    {
        var platform = await Platforms.Get(name, fault, Quick, $"--Platform:E2EBypassKey={Platforms.E2EKey}");
        using var client = new PlatformClient(platform);
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, user.AccessToken);
        await socket.SendUserMessageAsync("compute costs $5,000");
        var frames = await socket.UntilAsync("agent_completed", TimeSpan.FromSeconds(8));
        frames.AddRange(await socket.DuringAsync(TimeSpan.FromMilliseconds(200)));
        return frames;
    }
}
