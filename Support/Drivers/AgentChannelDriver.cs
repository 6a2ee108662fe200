using System.Text.Json;
using Acceptance.Support.Actors;
using Acceptance.Support.Channels;
using Acceptance.Support.Evidence;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Drivers;

/// <summary>The agent channel (WebSocket): opening it, asking the agent, and waiting for what comes back.</summary>
public sealed class AgentChannelDriver(PlatformUnderTest platform, ScenarioEvidence evidence, ConversationDriver conversations)
{
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Opens a channel with the actor's session (none for a visitor); the refusal is the outcome.</summary>
    public async Task<Outcome> OpenAsync(Actor actor, string? accessToken = null, ChannelCredential credential = ChannelCredential.Header)
    {
        var token = accessToken ?? actor.Session?.AccessToken;
        var opening = await AgentChannelClient.OpenAsync(actor.Name, platform.Endpoints.WebSocket, token, credential, evidence,
            platform.Budgets.ChannelConnect);
        if (opening.Client is { } client)
        {
            actor.Channel = client;
            actor.AllChannels.Add(client);
        }
        return Outcome.FromHandshake($"{actor}'s attempt to open the agent channel", opening);
    }

    /// <summary>Opens a channel that must open, and waits for its connection_established greeting.</summary>
    public async Task<AgentChannelClient> ConnectAsync(Actor actor, string? accessToken = null)
    {
        var outcome = await OpenAsync(actor, accessToken);
        var client = actor.Channel ?? throw new InvalidOperationException($"{actor} could not open the agent channel: {outcome.Evidence}");
        await client.WaitForAsync("the connection_established greeting", frame => frame.Type == "connection_established", 1,
            platform.Budgets.ChannelConnect);
        return client;
    }

    /// <summary>
    /// Sends a user message, into a new conversation of this scenario unless one is given; the channel is
    /// already receiving, so nothing the run emits can be missed.
    /// </summary>
    public async Task<AgentRun> AskAsync(Actor actor, string question, string? conversationId = null)
    {
        var channel = actor.RequireChannel();
        conversationId ??= await conversations.StartConversationAsync(actor, question.Length > 60 ? question[..60] : question);
        var payload = new Dictionary<string, object?> { ["text"] = question, ["thread_id"] = conversationId };
        var message = JsonSerializer.Serialize(new { type = "user_message", payload });
        var start = channel.Mark();
        var askedAt = channel.Elapsed;
        await channel.SendTextAsync(message, SendDeadline);
        actor.Questions.Add(question);
        var run = new AgentRun(actor, channel, start, askedAt, question, conversationId);
        actor.Runs.Add(run);
        return run;
    }

    /// <summary>
    /// Sends a user message without a conversation: the platform must start one for it. The run is told apart by
    /// the conversation its first event names, which no earlier conversation of the actor may have.
    /// </summary>
    public async Task<AgentRun> AskWithoutConversationAsync(Actor actor, string question, IReadOnlyCollection<string> knownConversations)
    {
        var channel = actor.RequireChannel();
        var message = JsonSerializer.Serialize(new { type = "user_message", payload = new { text = question } });
        var start = channel.Mark();
        var askedAt = channel.Elapsed;
        await channel.SendTextAsync(message, SendDeadline);
        var first = await channel.WaitForAsync($"the first event of {actor}'s run in a conversation the platform starts",
            frame => frame.IsReceived && AgentRun.RunEventTypes.Contains(frame.Type) && frame.Field("thread_id") is { } id && !knownConversations.Contains(id),
            1, platform.Budgets.Completion, start);
        var conversationId = first[0].Field("thread_id")!;
        actor.Questions.Add(question);
        actor.Conversations.Add(conversationId);
        var run = new AgentRun(actor, channel, start, askedAt, question, conversationId);
        actor.Runs.Add(run);
        return run;
    }

    /// <summary>
    /// Says something on the channel (a ping, the smallest client message) and returns the platform's first
    /// answer: a pong when the channel's token still holds, an error frame (the refusal) when it does not.
    /// </summary>
    public async Task<Outcome> SpeakAsync(Actor actor)
    {
        var channel = actor.RequireChannel();
        var start = channel.Mark();
        await channel.SendTextAsync("{\"type\":\"ping\"}", SendDeadline);
        var attempt = $"{actor}'s next message on the agent channel";
        var replies = await channel.WaitForAsync($"the platform's answer to {attempt}",
            frame => frame.Type is "error" or "pong", 1, platform.Budgets.ChannelConnect, start);
        return replies[0].Type == "error"
            ? Outcome.FromFrame(attempt, replies[0])
            : Outcome.Succeeded(attempt, "agent channel", $"accepted: {replies[0]}");
    }

    /// <summary>Waits until the run ends (agent_completed or agent_error) within the completion budget.</summary>
    public async Task<AgentRun> AwaitEndAsync(AgentRun run, TimeSpan? budget = null)
    {
        await run.Channel.WaitUntilAsync(
            $"the end of {run.Actor}'s run (agent_completed or agent_error)",
            frames => frames.Any(frame => run.IsMine(frame) && AgentRun.TerminalTypes.Contains(frame.Type)),
            budget ?? platform.Budgets.Completion, run.StartIndex);
        return run;
    }

    /// <summary>Waits for a given event of the run.</summary>
    public Task AwaitEventAsync(AgentRun run, string type, TimeSpan budget) =>
        run.Channel.WaitForAsync($"{type} of {run.Actor}'s run", frame => run.IsMine(frame) && frame.Type == type, 1, budget, run.StartIndex);

    /// <summary>Waits for the first run event, with a generous deadline (the latency itself is checked by the caller).</summary>
    public Task AwaitFirstEventAsync(AgentRun run) =>
        run.Channel.WaitForAsync($"the first event of {run.Actor}'s run", run.IsMine, 1,
            platform.Budgets.Completion, run.StartIndex);

    /// <summary>Watches a bounded quiet window after the run ended: any agent_completed in it is returned.</summary>
    public Task<IReadOnlyList<ChannelFrame>> WatchForCompletionAsync(AgentRun run) =>
        run.Channel.WatchQuietWindowAsync(frame => run.IsMine(frame) && frame.Type == "agent_completed", platform.Budgets.QuietWindow, run.StartIndex);

    public enum FaultyMessage { MalformedJson, UnknownType, Oversized }

    /// <summary>Sends a message the platform must refuse with an error frame; returns that frame as the outcome.</summary>
    public async Task<Outcome> SendFaultyMessageAsync(Actor actor, FaultyMessage fault)
    {
        var channel = actor.RequireChannel();
        var conversation = await conversations.StartConversationAsync(actor, $"{fault} message");
        var text = fault switch
        {
            FaultyMessage.MalformedJson => "{\"type\": \"user_message\", \"payload\": {\"thread_id\": \"" + conversation + "\", \"text\": ",
            FaultyMessage.UnknownType => JsonSerializer.Serialize(new { type = "launch_rockets", payload = new { text = "now", thread_id = conversation } }),
            _ => JsonSerializer.Serialize(new { type = "user_message", payload = new { text = new string('x', 9000), thread_id = conversation } }),
        };
        return await SendExpectingErrorAsync(channel, text, conversation, $"{actor}'s {fault} message");
    }

    /// <summary>Sends a user message to a conversation that is not the actor's; returns the error frame.</summary>
    public async Task<Outcome> AttemptToPostAsync(Actor actor, string conversationId)
    {
        var channel = actor.RequireChannel();
        var text = JsonSerializer.Serialize(new { type = "user_message", payload = new { text = "Let me in", thread_id = conversationId } });
        return await SendExpectingErrorAsync(channel, text, conversationId, $"{actor}'s message to someone else's conversation");
    }

    private async Task<Outcome> SendExpectingErrorAsync(AgentChannelClient channel, string text, string conversationId, string attempt)
    {
        var start = channel.Mark();
        await channel.SendTextAsync(text, SendDeadline);
        // The first reply decides: an error frame is the refusal; a run event in that conversation means it was accepted.
        var replies = await channel.WaitForAsync($"the platform's answer to {attempt}",
            frame => frame.Type == "error" || (AgentRun.RunEventTypes.Contains(frame.Type) && frame.Field("thread_id") == conversationId),
            1, platform.Budgets.Completion, start);
        var reply = replies[0];
        return reply.Type == "error"
            ? Outcome.FromFrame(attempt, reply)
            : Outcome.Succeeded(attempt, "agent channel", $"accepted: {reply}");
    }

    /// <summary>Waits for the server to close the actor's channel; the close code, or null if none was given.</summary>
    public async Task<int?> AwaitClosedAsync(Actor actor)
    {
        var status = await actor.RequireChannel().WaitForCloseAsync(platform.Budgets.ChannelConnect);
        return status is null ? null : (int)status;
    }
}
