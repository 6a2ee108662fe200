using Acceptance.ReferencePlatform.Tests.Agent;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>The fault switches EventWrongConversation, ErrorsAsCompletion and ConversationListShowsAll, each on its own platform.</summary>
[TestFixture, NonParallelizable]
public sealed class EventAndListFaultTests
{
    private const string Quick = "--Platform:Agent:StepDelayMs=10";

    [Test]
    public async Task EventWrongConversation_names_another_conversation_in_tool_completed_only()
    {
        var frames = await RunAsync("fault-wrong-conversation", "--Platform:Faults:EventWrongConversation=true", "compute costs $5,000");

        Assert.That(frames.Select(f => f.Type), Is.EqualTo(AgentRunTests.GoldenPath));
        var conversations = frames.ToDictionary(f => f.Type, f => f.Json.GetProperty("thread_id").GetString());
        var asked = conversations["agent_started"];
        Assert.That(conversations.Where(c => c.Key != "tool_completed").Select(c => c.Value), Is.All.EqualTo(asked), string.Join("\n", frames));
        Assert.That(conversations["tool_completed"], Is.Not.EqualTo(asked).And.Match("^[0-9a-f-]{36}$"), string.Join("\n", frames));
        Assert.That(frames.Select(f => f.Json.GetProperty("run_id").GetString()).Distinct().Count(), Is.EqualTo(1), "The run id stays the same.");
    }

    [Test]
    public async Task ErrorsAsCompletion_ends_a_run_the_agent_cannot_handle_with_agent_completed()
    {
        var frames = await RunAsync("fault-errors-as-completion", "--Platform:Faults:ErrorsAsCompletion=true", "FORCE_ERROR please");

        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new[] { "agent_started", "agent_completed" }), string.Join("\n", frames));
        var ordinary = await RunAsync("fault-errors-as-completion", "--Platform:Faults:ErrorsAsCompletion=true", "compute costs $5,000");
        Assert.That(ordinary.Select(f => f.Type), Is.EqualTo(AgentRunTests.GoldenPath), "A run the agent can handle is unchanged.");
    }

    [Test]
    public async Task ConversationListShowsAll_lists_every_users_conversations()
    {
        var platform = await Platforms.Get("fault-list-all", "--Platform:Faults:ConversationListShowsAll=true", Quick, $"--Platform:E2EBypassKey={Platforms.E2EKey}");
        using var client = new PlatformClient(platform);
        var alice = await client.NewUserAsync("alice");
        var bob = await client.NewUserAsync("bob");
        var alices = await client.CreateThreadAsync(alice, "Alice's");
        var bobs = await client.CreateThreadAsync(bob, "Bob's");

        var listed = await client.GetAsync(client.Api("/api/threads"), bob.AccessToken);

        Assert.That(listed.Code, Is.EqualTo(200), listed.ToString());
        var ids = listed.Json.GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Does.Contain(alices).And.Contain(bobs), listed.ToString());
        // Alice's conversation is still hers: only the list is wrong.
        Assert.That((await client.GetAsync(client.Api($"/api/threads/{alices}"), bob.AccessToken)).Code, Is.EqualTo(404));
    }

    private static async Task<List<Frame>> RunAsync(string name, string fault, string question)
    {
        var platform = await Platforms.Get(name, fault, Quick, $"--Platform:E2EBypassKey={Platforms.E2EKey}");
        using var client = new PlatformClient(platform);
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(platform.WebSocketUrl, user.AccessToken);
        await socket.SendUserMessageAsync(question);
        var frames = await socket.UntilAsync("agent_completed", TimeSpan.FromSeconds(8));
        frames.AddRange(await socket.DuringAsync(TimeSpan.FromMilliseconds(200)));
        return frames.Where(f => f.Type.StartsWith("agent_", StringComparison.Ordinal) || f.Type.StartsWith("tool_", StringComparison.Ordinal)).ToList();
    }
}
