using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The whole suite is green, unchanged, whichever way its personas get their sessions: each auth strategy runs every
/// scenario against the reference platform the suite starts itself (the default `password` strategy is the suite's
/// own run). Nothing may be skipped: the embedded platform offers every optional capability.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class AuthStrategyTests
{
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(6);

    [TestCase("e2e-bypass")]
    [TestCase("local-token")]
    [TestCase("oidc")]
    public async Task The_whole_suite_is_green_with_the_strategy(string strategy)
    {
        var run = await SuiteRun.RunAsync($"strategy-{strategy}", "FullyQualifiedName!~__none__",
            new Dictionary<string, string> { ["ACCEPTANCE_Auth__Strategy"] = strategy }, ChildDeadline);
        TestContext.Out.WriteLine(run.Describe());

        Assert.That(run.Scenarios, Has.Count.GreaterThanOrEqualTo(85), $"Too few scenarios ran.\n{run.Describe()}\n{run.Process.Output}");
        Assert.That((run.Process.ExitCode, run.Failed.Count, run.Scenarios.Count(s => s.Outcome != "Passed")), Is.EqualTo((0, 0, 0)), run.Describe());
    }
}
