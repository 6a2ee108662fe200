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

    /// <summary>
    /// Messages per second one connection may send before the platform reads it more slowly (0: no pacing). A
    /// client that floods the channel then waits on its own TCP window instead of taking the others' CPU.
    /// </summary>
    public double InboundMessagesPerSecond { get; set; } = 100;

    /// <summary>Messages one connection may send at once before pacing starts.</summary>
    public int InboundBurst { get; set; } = 200;
}
