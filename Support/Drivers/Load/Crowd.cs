using Acceptance.Support.Actors;

namespace Acceptance.Support.Drivers.Load;

/// <summary>One person of the crowd: who, their conversation and channel, and what happened to their run.</summary>
public sealed class CrowdMember(Actor actor)
{
    public static readonly string[] GoldenPath = AgentRun.GoldenPath;

    public Actor Actor { get; } = actor;
    public string? UserId { get; set; }
    public string? ConversationId { get; set; }
    public LoadClient? Channel { get; set; }

    /// <summary>Why this person could not take part (sign-in, conversation or channel failed), if so.</summary>
    public string? SetupError { get; set; }

    /// <summary>When the question was sent, on the crowd's clock; null when it was not.</summary>
    public TimeSpan? AskedAt { get; set; }

    public string? AskError { get; set; }

    private IReadOnlyList<LoadFrame> RunEvents =>
        Channel is null ? [] : Channel.Frames.Where(f => AgentRun.RunEventTypes.Contains(f.Type)).ToList();

    /// <summary>Run events of this person's own run (their conversation, their user).</summary>
    public IReadOnlyList<LoadFrame> OwnEvents => RunEvents.Where(f => f.ThreadId == ConversationId && f.UserId == UserId).ToList();

    /// <summary>Run events that arrived on this person's channel but belong to somebody else.</summary>
    public IReadOnlyList<LoadFrame> ForeignEvents => RunEvents.Where(f => f.ThreadId != ConversationId || f.UserId != UserId).ToList();

    public double? FirstEventMs => OwnEvents.FirstOrDefault() is { } first && AskedAt is { } asked ? (first.At - asked).TotalMilliseconds : null;

    public double? CompletionMs =>
        OwnEvents.FirstOrDefault(f => f.Type == "agent_completed") is { } done && AskedAt is { } asked ? (done.At - asked).TotalMilliseconds : null;

    /// <summary>What is wrong with this person's own run, or null when it is exactly the five events in order, one run, with an answer.</summary>
    public string? RunProblem
    {
        get
        {
            if (SetupError is not null) return $"could not take part: {SetupError}";
            if (AskError is not null) return $"could not ask: {AskError}";
            var own = OwnEvents;
            var types = own.Select(f => f.Type).ToList();
            if (!types.SequenceEqual(GoldenPath))
                return $"received [{string.Join(", ", types)}] instead of the five events in order{(Channel?.CloseDescription is { } closed ? $"; {closed}" : "")}";
            if (own.Select(f => f.RunId).Distinct().Count() != 1) return $"its events name {own.Select(f => f.RunId).Distinct().Count()} runs";
            if (!own[^1].HasAnswer) return "agent_completed carried no answer";
            return null;
        }
    }

    public override string ToString() => $"{Actor.Name} ({Actor.Persona.Email})";
}
