using Acceptance.Support.Actors;
using Acceptance.Support.Channels;

namespace Acceptance.Support.Drivers;

/// <summary>A question an actor put to the agent, and the frames that followed it on their channel.</summary>
/// <remarks>
/// Runs are told apart by their conversation: every question goes to a conversation of this scenario, because
/// the platform sends a user's events to all of that user's connections, including those of other scenarios
/// running in parallel as the same persona.
/// </remarks>
public sealed class AgentRun(Actor actor, AgentChannelClient channel, int startIndex, TimeSpan askedAt, string question, string conversationId)
{
    public static readonly string[] GoldenPath = ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"];
    public static readonly string[] RunEventTypes = [.. GoldenPath, "agent_error"];
    public static readonly string[] TerminalTypes = ["agent_completed", "agent_error"];

    public Actor Actor { get; } = actor;
    public AgentChannelClient Channel { get; } = channel;
    public int StartIndex { get; } = startIndex;
    public TimeSpan AskedAt { get; } = askedAt;
    public string Question { get; } = question;
    public string ConversationId { get; } = conversationId;

    /// <summary>Whether a frame is an event of this run (a run event in this run's conversation).</summary>
    public bool IsMine(ChannelFrame frame) =>
        frame.IsReceived && RunEventTypes.Contains(frame.Type) && frame.Field("thread_id") == ConversationId;

    /// <summary>Every run event on the channel since the question, whoever's run it is.</summary>
    public IReadOnlyList<ChannelFrame> AllRunEvents =>
        Channel.Transcript.Skip(StartIndex).Where(frame => frame.IsReceived && RunEventTypes.Contains(frame.Type)).ToList();

    /// <summary>The events of this run received since the question, in arrival order.</summary>
    public IReadOnlyList<ChannelFrame> Events =>
        Channel.Transcript.Skip(StartIndex).Where(IsMine).ToList();

    /// <summary>The run id the run's first event names (null before any event).</summary>
    public string? RunId => Events.Select(frame => frame.Field("run_id")).FirstOrDefault(id => id is not null);

    /// <summary>
    /// Every run event on the channel since the question that names this run's id, whatever conversation it names:
    /// what a check that the events agree on their conversation must look at (<see cref="Events"/> keeps only this
    /// conversation's, so it could never see an event that names another).
    /// </summary>
    public IReadOnlyList<ChannelFrame> EventsNamingThisRun =>
        RunId is { } id ? AllRunEvents.Where(frame => frame.Field("run_id") == id).ToList() : Events;

    public IReadOnlyList<string> EventTypes => Events.Select(frame => frame.Type!).ToList();

    public ChannelFrame? Event(string type) => Events.FirstOrDefault(frame => frame.Type == type);

    /// <summary>How long after the question the first run event arrived.</summary>
    public TimeSpan? FirstEventLatency => Events.Count > 0 ? Events[0].Offset - AskedAt : null;

    public TimeSpan? LatencyOf(string type) => Event(type) is { } frame ? frame.Offset - AskedAt : null;

    public string? FinalResponse => Event("agent_completed")?.FieldAnywhere("final_response");

    /// <summary>
    /// How the events differ from the five in order, in words: which never arrived, which came out of order,
    /// which came twice or were not expected; "the five events in order" when they do not differ.
    /// </summary>
    public string DeviationFromGoldenPath()
    {
        var types = EventTypes;
        var problems = new List<string>();
        var missing = GoldenPath.Where(type => !types.Contains(type)).ToList();
        if (missing.Count > 0) problems.Add($"{string.Join(" and ", missing)} never arrived");
        var swapped = (from early in GoldenPath.Index()
                       from late in GoldenPath.Index()
                       where early.Index < late.Index && types.Contains(early.Item) && types.Contains(late.Item)
                             && types.ToList().IndexOf(late.Item) < types.ToList().IndexOf(early.Item)
                       select $"{late.Item} arrived before {early.Item}").ToList();
        if (swapped.Count > 0) problems.Add("out of order: " + string.Join(", ", swapped));
        var repeated = types.GroupBy(type => type).Where(group => group.Count() > 1).Select(group => $"{group.Key} ×{group.Count()}").ToList();
        if (repeated.Count > 0) problems.Add("repeated: " + string.Join(", ", repeated));
        var unexpected = types.Where(type => !GoldenPath.Contains(type)).Distinct().ToList();
        if (unexpected.Count > 0) problems.Add("not one of the five: " + string.Join(", ", unexpected));
        return problems.Count == 0 ? "the five events in order" : string.Join("; ", problems);
    }

    public string Describe() =>
        $"{Actor}'s run for \"{Question}\": {string.Join(", ", Events.Select(e => $"{e.Type} at +{(e.Offset - AskedAt).TotalMilliseconds:0} ms"))}";
}
