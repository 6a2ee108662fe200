using Acceptance.Support.Configuration;

namespace Acceptance.Support.Platform;

/// <summary>
/// The run's platform targets as a scenario-injectable object: it reads the run-wide
/// <see cref="TestRunEnvironment"/> (started in BeforeTestRun, or lazily on first use).
/// </summary>
public sealed class PlatformUnderTest
{
    public PlatformUnderTest() => Targets = TestRunEnvironment.Current;

    public PlatformTargets Targets { get; }
    public PlatformEndpoints Endpoints => Targets.Endpoints;
    public AcceptanceSettings Settings => Targets.Settings;
    public BudgetSettings Budgets => Targets.Settings.Budgets;
}
