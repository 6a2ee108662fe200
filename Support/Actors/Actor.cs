using Acceptance.Support.Channels;

namespace Acceptance.Support.Actors;

/// <summary>A persona in one scenario: their current session, open agent channel and conversations.</summary>
public sealed class Actor(Persona persona)
{
    public Persona Persona { get; set; } = persona;
    public string Name => Persona.Name;
    public Session? Session { get; set; }

    /// <summary>A session that ended (signed out or rotated), kept to show it no longer works.</summary>
    public Session? PreviousSession { get; set; }

    public AgentChannelClient? Channel { get; set; }
    public List<AgentChannelClient> AllChannels { get; } = new();

    /// <summary>Conversations this actor started, most recent last.</summary>
    public List<string> Conversations { get; } = new();
    public string LatestConversation => Conversations.Count > 0
        ? Conversations[^1]
        : throw new InvalidOperationException($"{Name} has not started a conversation in this scenario.");

    /// <summary>Runs this actor started in this scenario, in order.</summary>
    public List<Drivers.AgentRun> Runs { get; } = new();

    /// <summary>Questions asked in this scenario, in order.</summary>
    public List<string> Questions { get; } = new();

    public Session RequireSession() =>
        Session ?? throw new InvalidOperationException($"{Name} is not signed in at this point of the scenario.");

    public AgentChannelClient RequireChannel() =>
        Channel ?? throw new InvalidOperationException($"{Name} has no open agent channel at this point of the scenario.");

    public override string ToString() => Name;
}
