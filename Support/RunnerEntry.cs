using Acceptance.Runner;
using NUnit.Framework;

// Wires the suite to the run-time runner in src/Runner (Reqnroll's build-time generator is not available here).
[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]
[assembly: Parallelizable(ParallelScope.Fixtures)]

/// <summary>Starts and ends the Reqnroll test run (BeforeTestRun/AfterTestRun hooks, reports) around every feature.</summary>
[SetUpFixture]
public sealed class AcceptanceTestRun : TestRunLifetime;

namespace Acceptance
{
    /// <summary>One NUnit fixture per .feature file under Features/, one test per scenario and examples row.</summary>
    [GherkinFeatures]
    public sealed class Specifications : FeatureFixture;
}
