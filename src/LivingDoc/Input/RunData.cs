using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>What one ndjson file said, with ids resolved: the sources it ran and each scenario execution.</summary>
public sealed class RunData
{
    public required RunInfo Run { get; init; }
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);
    /// <summary>The features as the run parsed them (its gherkinDocument messages), by uri.</summary>
    public Dictionary<string, SpecFeature> Documents { get; } = new(StringComparer.Ordinal);
    public List<PickleExecution> Executions { get; } = new();
    public List<PickleInfo> NeverStarted { get; } = new();
}

/// <summary>A pickle as the run compiled it, located in its feature file by line.</summary>
public sealed record PickleInfo(string Uri, string Name, IReadOnlyList<string> Tags, int? ScenarioLine, int? RowLine, string? NotRunReason)
{
    /// <summary>It never started because a hook failed (it was selected); false when the run simply did not select it.</summary>
    public bool Blocked { get; init; }
}

public sealed record PickleExecution(PickleInfo Pickle, Execution Execution);
