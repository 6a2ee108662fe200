namespace Acceptance.ReferencePlatform.Agent;

/// <summary>The agent's pacing (section "Platform:Agent").</summary>
public sealed class AgentOptions
{
    public const string Section = "Platform:Agent";

    /// <summary>Pause between the events of a run, so a client can watch it work.</summary>
    public int StepDelayMs { get; set; } = 100;

    public const int DefaultSendQueueLimit = 256;

    /// <summary>Frames that may wait for one client; past it, the client is dropped as a slow consumer (close code 1013).</summary>
    public int SendQueueLimit { get; set; } = DefaultSendQueueLimit;

    /// <summary>How long a dropped slow consumer's close frame may take before its socket is aborted.</summary>
    public int SlowConsumerGraceMs { get; set; } = 1000;
}
