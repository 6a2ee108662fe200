using System.Net.WebSockets;
using Acceptance.ReferencePlatform.Tests.Agent;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>The fault switches of the agent channel and its runs: each, on its own platform, changes what it names.</summary>
[TestFixture]
public sealed class AgentChannelFaultTests
{
    private const string Question = "compute costs $5,000";

    [Test]
    public async Task EventsToEveryone_sends_a_run_to_another_users_channel_too()
    {
        await using var faulty = await FaultyPlatform.StartAsync("EventsToEveryone=true");
        var client = faulty.Client;
        var (alice, bob) = (await client.NewUserAsync("alice"), await client.NewUserAsync("bob"));
        await using var aliceSocket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, alice.AccessToken);
        await using var bobSocket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, bob.AccessToken);

        await aliceSocket.SendUserMessageAsync(Question);
        var aliceFrames = await aliceSocket.UntilAsync("agent_completed");
        var bobFrames = await bobSocket.UntilAsync("agent_completed");

        Assert.That(bobFrames.Select(f => f.Type), Is.EqualTo(AgentRunTests.GoldenPath), bobSocket.Transcript);
        Assert.That(bobFrames.Select(f => f.Json.GetProperty("run_id").GetString()).Distinct(),
            Is.EqualTo(new[] { aliceFrames[0].Json.GetProperty("run_id").GetString() }));
        Assert.That(bobFrames[0].Json.GetProperty("user_id").GetString(), Is.EqualTo(alice.Id));
    }

    [Test]
    public async Task Without_EventsToEveryone_another_user_receives_nothing()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var (alice, bob) = (await client.NewUserAsync("alice"), await client.NewUserAsync("bob"));
        await using var aliceSocket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, alice.AccessToken);
        await using var bobSocket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, bob.AccessToken);

        await aliceSocket.SendUserMessageAsync(Question);
        await aliceSocket.UntilAsync("agent_completed");

        Assert.That(await bobSocket.DuringAsync(TimeSpan.FromMilliseconds(300)), Is.Empty);
    }

    [Test]
    public async Task CompletionAfterError_follows_agent_error_with_agent_completed_of_the_same_run()
    {
        await using var faulty = await FaultyPlatform.StartAsync("CompletionAfterError=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("FORCE_ERROR please");
        var frames = await socket.UntilAsync("agent_completed");

        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "agent_error", "agent_completed" }), socket.Transcript);
        Assert.That(frames.Select(f => f.Json.GetProperty("run_id").GetString()).Distinct().Count(), Is.EqualTo(1));
        var gap = frames[2].At - frames[1].At;
        Assert.That(gap, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)), socket.Transcript);
    }

    [Test]
    public async Task Without_CompletionAfterError_a_failed_run_ends_with_agent_error()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("FORCE_ERROR please");
        await socket.UntilAsync("agent_error");

        Assert.That(await socket.DuringAsync(TimeSpan.FromMilliseconds(600)), Is.Empty);
    }

    [Test]
    public async Task AnswerTextMissing_sends_agent_completed_with_an_empty_final_response_and_history_keeps_the_answer()
    {
        await using var faulty = await FaultyPlatform.StartAsync("AnswerTextMissing=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync(Question);
        var completed = (await socket.UntilAsync("agent_completed"))[^1].Json;

        Assert.That(completed.GetProperty("final_response").GetString(), Is.EqualTo(""));
        Assert.That(completed.GetProperty("data").GetProperty("final_response").GetString(), Is.EqualTo(""));
        var history = await client.MessagesAsync(user, completed.GetProperty("thread_id").GetString()!);
        Assert.That(history[^1].GetProperty("content").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task ChannelCloseNormal_closes_a_signed_out_sessions_channel_with_1000()
    {
        await using var faulty = await FaultyPlatform.StartAsync("ChannelCloseNormal=true");
        var client = faulty.Client;
        Assert.That(await SignOutWithOpenChannelAsync(client), Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task Without_ChannelCloseNormal_a_signed_out_sessions_channel_closes_with_1008()
    {
        using var client = new PlatformClient(await Platforms.Default());
        Assert.That(await SignOutWithOpenChannelAsync(client), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    [Test]
    public async Task ChannelCloseNormal_closes_the_channel_of_an_expired_token_with_1000()
    {
        await using var faulty = await FaultyPlatform.StartAsync("ChannelCloseNormal=true", "--Platform:Jwt:ClockSkewSeconds=0");
        var client = faulty.Client;
        var user = await client.NewUserAsync();
        var shortLived = TokenForge.Sign(TokenForge.Claims(user.Id, user.Email, expiresInSeconds: 2));
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, shortLived);

        await Task.Delay(TimeSpan.FromSeconds(3.2));
        await socket.SendAsync(new { type = "ping" });
        var error = await socket.NextAsync("the TOKEN_EXPIRED error");
        var (status, _) = await socket.ClosedAsync("the close after the expired token");

        Assert.That(error.Json.GetProperty("error_code").GetString(), Is.EqualTo("TOKEN_EXPIRED"), socket.Transcript);
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    private static async Task<WebSocketCloseStatus?> SignOutWithOpenChannelAsync(PlatformClient client)
    {
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, user.AccessToken);
        var logout = await client.PostJsonAsync(client.Auth("/auth/logout"), null, user.AccessToken);
        Assert.That(logout.Code, Is.EqualTo(200), logout.ToString());
        return (await socket.ClosedAsync("the close after signing out")).Status;
    }
}
