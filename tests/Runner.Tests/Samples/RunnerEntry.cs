using Acceptance.Runner;
using NUnit.Framework;

[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]
[assembly: Parallelizable(ParallelScope.Fixtures)]

/// <summary>Starts and ends the Reqnroll test run around every feature.</summary>
[SetUpFixture]
public sealed class SampleTestRun : TestRunLifetime;

namespace Runner.Samples
{
    /// <summary>One NUnit fixture per .feature file under Features/.</summary>
    [GherkinFeatures]
    public sealed class SampleFeatures : FeatureFixture;
}
