using System.Globalization;
using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Agent;

[TestFixture]
public sealed class AgentRunTests : DefaultPlatformFixture
{
    public static readonly string[] GoldenPath = ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"];

    [Test]
    public async Task The_first_frame_is_connection_established_with_every_field()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        var data = socket.Established.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(data.GetProperty("connection_id").GetString(), Is.Not.Empty);
            Assert.That(data.GetProperty("user_id").GetString(), Is.EqualTo(user.Id));
            Assert.That(data.GetProperty("server_time").GetString(), Does.EndWith("Z"));
            Assert.That(data.GetProperty("golden_path_events").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(GoldenPath));
            Assert.That(data.GetProperty("max_message_size").GetInt32(), Is.EqualTo(8192));
        });
    }

    [Test]
    public async Task A_browser_connects_with_subprotocols_and_the_server_selects_jwt_auth()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken, viaSubprotocols: true);
        Assert.That(socket.SubProtocol, Is.EqualTo("jwt-auth"));
        Assert.That(socket.Established.GetProperty("data").GetProperty("user_id").GetString(), Is.EqualTo(user.Id));
    }

    [Test]
    public async Task A_ping_gets_a_pong()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        await socket.SendAsync(new { type = "ping" });
        var frame = await socket.NextAsync("a pong");
        Assert.That(frame.Type, Is.EqualTo("pong"), frame.ToString());
    }

    [Test]
    public async Task A_user_message_yields_the_five_events_in_order_with_every_field_and_the_reply_is_saved_first()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("How can we cut our EC2 compute bill of $20,000?");
        var frames = await socket.UntilAsync("agent_completed");
        // History is read at once on completion: the reply must already be there.
        var threadId = frames[0].Json.GetProperty("thread_id").GetString()!;
        var history = await Client.MessagesAsync(user, threadId);

        Assert.That(frames.Select(f => f.Type), Is.EqualTo(GoldenPath), socket.Transcript);
        var events = frames.Select(f => f.Json).ToList();
        var runId = events[0].GetProperty("run_id").GetString();
        foreach (var e in events)
        {
            Assert.Multiple(() =>
            {
                Assert.That(e.GetProperty("run_id").GetString(), Is.EqualTo(runId).And.Not.Empty, e.ToString());
                Assert.That(e.GetProperty("thread_id").GetString(), Is.EqualTo(threadId), e.ToString());
                Assert.That(e.GetProperty("user_id").GetString(), Is.EqualTo(user.Id), e.ToString());
                Assert.That(e.GetProperty("agent_name").GetString(), Is.EqualTo("cost_optimizer"), e.ToString());
                Assert.That(DateTime.TryParse(e.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    && at.Kind == DateTimeKind.Utc, Is.True, e.ToString());
            });
        }
        Assert.Multiple(() =>
        {
            Assert.That(events[0].GetProperty("data").GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(events[1].GetProperty("reasoning").GetString(), Is.Not.Empty);
            Assert.That(events[2].GetProperty("tool_name").GetString(), Is.EqualTo("cost_analyzer"));
            Assert.That(events[2].GetProperty("parameters").GetProperty("service").GetString(), Is.EqualTo("compute"));
            Assert.That(events[3].GetProperty("tool_name").GetString(), Is.EqualTo("cost_analyzer"));
            Assert.That(events[3].GetProperty("results").GetProperty("current_monthly_cost").GetDecimal(), Is.EqualTo(20000m));
            Assert.That(events[3].GetProperty("duration").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(events[4].GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(events[4].GetProperty("final_response").GetString(), Does.Contain("$20,000"));
        });
        Assert.That(history.Select(m => m.GetProperty("role").GetString()), Is.EqualTo(new[] { "user", "assistant" }));
        Assert.That(history[0].GetProperty("content").GetString(), Is.EqualTo("How can we cut our EC2 compute bill of $20,000?"));
        Assert.That(history[1].GetProperty("content").GetString(), Is.EqualTo(events[4].GetProperty("final_response").GetString()));
    }

    [Test]
    public async Task A_message_in_an_existing_thread_is_answered_in_that_thread()
    {
        var user = await Client.NewUserAsync();
        var threadId = await Client.CreateThreadAsync(user, "budget");
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("Storage costs $3,000 a month", threadId);
        var frames = await socket.UntilAsync("agent_completed");

        Assert.That(frames.Select(f => f.Json.GetProperty("thread_id").GetString()), Is.All.EqualTo(threadId));
        Assert.That(await Client.MessagesAsync(user, threadId), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task The_agent_answer_depends_on_the_service_and_the_amount()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("Our database spend is $8,000");
        var database = (await socket.UntilAsync("agent_completed")).Single(f => f.Type == "tool_completed").Json.GetProperty("results");
        await socket.SendUserMessageAsync("GPU training costs 50k per month");
        var gpu = (await socket.UntilAsync("agent_completed")).Single(f => f.Type == "tool_completed").Json.GetProperty("results");

        Assert.Multiple(() =>
        {
            Assert.That(database.GetProperty("service").GetString(), Is.EqualTo("database"));
            Assert.That(database.GetProperty("current_monthly_cost").GetDecimal(), Is.EqualTo(8000m));
            Assert.That(gpu.GetProperty("service").GetString(), Is.EqualTo("gpu"));
            Assert.That(gpu.GetProperty("current_monthly_cost").GetDecimal(), Is.EqualTo(50000m));
            Assert.That(gpu.GetProperty("estimated_savings").GetDecimal(), Is.Not.EqualTo(database.GetProperty("estimated_savings").GetDecimal()));
        });
    }

    [Test]
    public async Task A_message_the_agent_cannot_handle_yields_agent_started_then_agent_error_and_never_agent_completed()
    {
        var user = await Client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);

        await socket.SendUserMessageAsync("FORCE_ERROR please");
        var frames = await socket.UntilAsync("agent_error");
        var later = await socket.DuringAsync(TimeSpan.FromMilliseconds(300));

        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "agent_error" }), socket.Transcript);
        Assert.That(frames[1].Json.GetProperty("error_message").GetString(), Is.Not.Empty);
        Assert.That(later, Is.Empty, "frames after agent_error:\n" + socket.Transcript);
    }

    [Test]
    public async Task A_runs_events_reach_only_its_owners_connections()
    {
        var alice = await Client.NewUserAsync("alice");
        var bob = await Client.NewUserAsync("bob");
        await using var aliceSocket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, alice.AccessToken);
        await using var aliceSecondTab = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, alice.AccessToken);
        await using var bobSocket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, bob.AccessToken);

        await aliceSocket.SendUserMessageAsync("Alice's private question about $1,234 of storage");
        await aliceSocket.UntilAsync("agent_completed");
        await aliceSecondTab.UntilAsync("agent_completed");
        await bobSocket.SendAsync(new { type = "ping" });
        var bobFrame = await bobSocket.NextAsync("Bob's pong");

        Assert.That(bobFrame.Type, Is.EqualTo("pong"), "Bob received another user's events:\n" + bobSocket.Transcript);
    }

    [Test]
    public async Task Concurrent_runs_of_different_users_each_complete_with_their_own_events()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Client.NewUserAsync($"concurrent{i}")));
        var sockets = await Task.WhenAll(users.Select(u => AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, u.AccessToken)));
        try
        {
            await Task.WhenAll(sockets.Select((s, i) => s.SendUserMessageAsync($"compute costs ${1000 * (i + 1)}")));
            var runs = await Task.WhenAll(sockets.Select(s => s.UntilAsync("agent_completed", TimeSpan.FromSeconds(10))));
            for (var i = 0; i < users.Length; i++)
            {
                Assert.That(runs[i].Select(f => f.Type), Is.EqualTo(GoldenPath), sockets[i].Transcript);
                Assert.That(runs[i].Select(f => f.Json.GetProperty("user_id").GetString()), Is.All.EqualTo(users[i].Id));
                Assert.That(runs[i][^1].Json.GetProperty("final_response").GetString(), Does.Contain("$" + (1000 * (i + 1)).ToString("N0", CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
