using System.Collections.Concurrent;
using System.Diagnostics;
using NUnit.Framework;
using Reqnroll;

namespace Runner.Samples.Bindings;

/// <summary>
/// Records every hook (in the @hooks feature) and every scenario's time window, and writes both to the files
/// named by SAMPLES_HOOK_LOG and SAMPLES_TIMELINE at the end of the run, for Runner.Tests to check.
/// </summary>
[Binding]
public sealed class Hooks(ScenarioContext scenario, FeatureContext feature)
{
    private static readonly ConcurrentQueue<string> HookLog = new();
    private static readonly ConcurrentQueue<string> Timeline = new();
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static IReadOnlyCollection<string> Log => HookLog;

    [BeforeTestRun]
    public static void BeforeTestRun() => HookLog.Enqueue("BeforeTestRun");

    [AfterTestRun]
    public static void AfterTestRun()
    {
        HookLog.Enqueue("AfterTestRun");
        Write("SAMPLES_HOOK_LOG", HookLog);
        Write("SAMPLES_TIMELINE", Timeline);
    }

    [BeforeFeature("hooks")]
    public static void BeforeFeature() => HookLog.Enqueue("BeforeFeature");

    [AfterFeature("hooks")]
    public static void AfterFeature() => HookLog.Enqueue("AfterFeature");

    [BeforeScenario("hooks")]
    public void BeforeScenario() => HookLog.Enqueue("BeforeScenario:" + scenario.ScenarioInfo.Title);

    [AfterScenario("hooks")]
    public void AfterScenario() => HookLog.Enqueue("AfterScenario:" + scenario.ScenarioInfo.Title);

    [BeforeScenarioBlock("hooks")]
    public void BeforeScenarioBlock() => HookLog.Enqueue("BeforeScenarioBlock:" + scenario.CurrentScenarioBlock);

    [AfterScenarioBlock("hooks")]
    public void AfterScenarioBlock() => HookLog.Enqueue("AfterScenarioBlock:" + scenario.CurrentScenarioBlock);

    [BeforeStep("hooks")]
    public void BeforeStep() => HookLog.Enqueue("BeforeStep:" + scenario.StepContext.StepInfo.Text);

    [AfterStep("hooks")]
    public void AfterStep() => HookLog.Enqueue("AfterStep:" + scenario.StepContext.StepInfo.Text);

    [BeforeFeature("failing-before-feature")]
    public static void BreakBeforeFeature() => throw new InvalidOperationException("the shared test account is locked");

    [BeforeScenario("environment-down")]
    public void StopBecauseTheEnvironmentIsDown() =>
        throw new Acceptance.Runner.ScenarioNotRunException("Pre-flight failed: the platform is down (scenario not run)");

    [BeforeScenario("failing-before-hook")]
    public void BreakBeforeScenario() => throw new InvalidOperationException("the test database is down");

    [AfterScenario("failing-after-hook")]
    public void BreakAfterScenario() => throw new InvalidOperationException("the browser would not close");

    [Then("the hooks so far ran in order")]
    public void ThenTheHooksSoFarRanInOrder()
    {
        var mine = HookLog.Where(e => !e.StartsWith("BeforeTestRun", StringComparison.Ordinal)).Take(9).ToList();
        Assert.That(mine, Is.EqualTo(new[]
        {
            "BeforeFeature",
            "BeforeScenario:Every kind of hook runs around a scenario",
            "BeforeScenarioBlock:Given",
            "BeforeStep:an empty basket",
            "AfterStep:an empty basket",
            "AfterScenarioBlock:Given",
            "BeforeScenarioBlock:When",
            "BeforeStep:1 items are added",
            "AfterStep:1 items are added",
        }));
    }

    [BeforeScenario(Order = 0)]
    public void ScenarioStarts() => scenario["started"] = Clock.Elapsed.TotalMilliseconds;

    [AfterScenario(Order = 100000)]
    public void ScenarioEnds() =>
        Timeline.Enqueue($"{feature.FeatureInfo.Title}|{scenario.ScenarioInfo.Title}|{(double)scenario["started"]:0}|{Clock.Elapsed.TotalMilliseconds:0}");

    private static void Write(string variable, IEnumerable<string> lines)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path) File.WriteAllLines(path, lines);
    }
}
