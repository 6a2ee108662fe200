using Acceptance.Support.Configuration;

namespace Acceptance.Support.Platform;

/// <summary>
/// The run's platform targets as a scenario-injectable object: it reads the run-wide
/// <see cref="TestRunEnvironment"/> (started in BeforeTestRun, or lazily on first use). Read on first use, so a
/// scenario stopped by a failed pre-flight does not fail a second time in its AfterScenario hooks.
/// </summary>
public sealed class PlatformUnderTest
{
    public PlatformTargets Targets => TestRunEnvironment.Current;

    /// <summary>The targets, or null when they could not be resolved (the pre-flight says why).</summary>
    public PlatformTargets? TargetsOrNull => TestRunEnvironment.CurrentOrNull;
    public PlatformEndpoints Endpoints => Targets.Endpoints;
    public AcceptanceSettings Settings => Targets.Settings;
    public BudgetSettings Budgets => Targets.Settings.Budgets;
}
