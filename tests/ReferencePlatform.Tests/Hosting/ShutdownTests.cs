using System.Diagnostics;
using System.Net.WebSockets;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Hosting;

// Timing-sensitive (start-up, delays, expiry, shutdown): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class ShutdownTests
{
    [Test]
    public async Task Stopping_closes_open_agent_connections_and_finishes_promptly()
    {
        var platform = await PlatformHost.StartAsync(["--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0",
            "--Platform:Agent:StepDelayMs=10"]);
        using var client = new PlatformClient(platform);
        var alice = await client.LoginAsync("alice@example.com", "correct-horse-alice");
        await using var socket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, alice.AccessToken);

        var clock = Stopwatch.StartNew();
        await platform.StopAsync();
        var stopped = clock.Elapsed;
        var (status, _) = await socket.ClosedAsync("the close when the platform stops");

        Assert.That(stopped, Is.LessThan(TimeSpan.FromSeconds(3)), "stopping took too long");
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
        Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(client.Api("/health")));
    }
}
