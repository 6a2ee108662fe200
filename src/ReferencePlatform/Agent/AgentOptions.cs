namespace Acceptance.ReferencePlatform.Agent;

/// <summary>The agent's pacing (section "Platform:Agent").</summary>
public sealed class AgentOptions
{
    public const string Section = "Platform:Agent";

    /// <summary>Pause between the events of a run, so a client can watch it work.</summary>
    public int StepDelayMs { get; set; } = 100;
}
