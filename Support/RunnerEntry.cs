using Acceptance.LivingDoc;
using Acceptance.Runner;
using Acceptance.Support.Platform;
using NUnit.Framework;

// Wires the suite to the run-time runner in src/Runner (Reqnroll's build-time generator is not available here).
[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]
[assembly: Parallelizable(ParallelScope.Fixtures)]
// Scenarios mostly wait (HTTP, the agent channel, the browser): more workers than cores (docs/load.md).
[assembly: LevelOfParallelism(8)]

/// <summary>
/// Starts and ends the Reqnroll test run (BeforeTestRun/AfterTestRun hooks, reports) around every feature, then
/// writes the living documentation from the run's Cucumber messages: artifacts/LivingDoc.html is always fresh.
/// </summary>
[SetUpFixture]
public sealed class AcceptanceTestRun : TestRunLifetime
{
    protected override Task OnTestRunFinishedAsync(RunnerSettings settings)
    {
        if (Environment.GetEnvironmentVariable("ACCEPTANCE_LIVINGDOC") == "off") return Task.CompletedTask;
        var result = LivingDocGenerator.Generate(LivingDocOptions.ForRepository(RepositoryRoot.Find()));
        TestContext.Progress.WriteLine("Living documentation: " + result);
        return Task.CompletedTask;
    }
}

namespace Acceptance
{
    /// <summary>One NUnit fixture per .feature file under Features/, one test per scenario and examples row.</summary>
    [GherkinFeatures]
    public sealed class Specifications : FeatureFixture;
}
