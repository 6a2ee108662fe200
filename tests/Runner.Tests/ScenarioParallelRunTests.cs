using System.Globalization;
using NUnit.Framework;

namespace Acceptance.Runner.Tests;

/// <summary>
/// A run of the samples in Samples/ScenarioParallel with runner.parallel "scenarios": the scenarios of one
/// feature run at the same time, and a scenario tagged @serial runs while nothing else does.
/// </summary>
[TestFixture]
public sealed class ScenarioParallelRunTests
{
    private static readonly Lazy<Task<SampleRun>> Run = new(() => SampleRun.ExecuteAsync("scenario-parallel",
        environment: new Dictionary<string, string>
        {
            ["REQNROLL_RUNNER_FEATURES"] = Path.Combine(SampleRun.SamplesOutput, "ScenarioParallel"),
            [RunnerSettings.ParallelVariable] = "scenarios",
        },
        arguments: ["--", "NUnit.NumberOfTestWorkers=4"]));

    private SampleRun _run = null!;

    [OneTimeSetUp]
    public async Task RunTheSamples() => _run = await Run.Value;

    [Test]
    public void Every_scenario_passes() =>
        Assert.That(_run.Results.Select(r => (r.Name, r.Outcome)), Is.EquivalentTo(new[]
        {
            ("Together one", "Passed"), ("Together two", "Passed"), ("Together three", "Passed"), ("Together alone", "Passed"),
            ("Others one", "Passed"), ("Others two", "Passed"),
        }));

    [Test]
    public void Scenarios_of_one_feature_run_at_the_same_time()
    {
        var together = Windows().Where(w => w.Feature == "Together" && w.Scenario != "Together alone").ToList();
        var overlapping = together.SelectMany(a => together.Where(b => a.Scenario != b.Scenario && a.Start < b.End && b.Start < a.End)).Any();
        Assert.That(overlapping, Is.True, "no two scenarios of the feature 'Together' overlapped in time:\n" + string.Join("\n", _run.Timeline));
    }

    [Test]
    public void A_scenario_tagged_serial_runs_alone()
    {
        var windows = Windows();
        var alone = windows.Single(w => w.Scenario == "Together alone");
        var during = windows.Where(w => w.Scenario != alone.Scenario && w.Start < alone.End && alone.Start < w.End).Select(w => w.Scenario).ToList();
        Assert.That(during, Is.Empty, "scenarios ran while the @serial scenario ran:\n" + string.Join("\n", _run.Timeline));
    }

    [Test]
    public void Each_scenario_runs_in_its_own_binding_instances()
    {
        // Every scenario logged its window once: no scenario's hooks saw another scenario's context.
        Assert.That(Windows().Select(w => w.Scenario), Is.EquivalentTo(_run.Results.Select(r => r.Name)));
    }

    [Test]
    public async Task An_unknown_parallel_setting_fails_the_run_with_a_clear_message()
    {
        var run = await SampleRun.ExecuteAsync("parallel-bad", environment: new Dictionary<string, string>
        {
            ["REQNROLL_RUNNER_FEATURES"] = Path.Combine(SampleRun.SamplesOutput, "ScenarioParallel"),
            [RunnerSettings.ParallelVariable] = "everything",
        });
        Assert.That(run.Output + string.Join("\n", run.Results.Select(r => r.Message)),
            Does.Contain("REQNROLL_RUNNER_PARALLEL must be 'scenarios' or 'features', not 'everything'."));
    }

    [Test]
    public async Task Time_spent_queueing_for_a_shared_resource_does_not_count_against_the_limit()
    {
        var run = await SampleRun.ExecuteAsync("queueing", environment: new Dictionary<string, string>
        {
            ["REQNROLL_RUNNER_FEATURES"] = Path.Combine(SampleRun.SamplesOutput, "Queueing"),
            [RunnerSettings.ScenarioTimeLimitVariable] = "1",
        });
        Assert.That(run.Results.Select(r => (r.Name, r.Outcome)), Is.EquivalentTo(new[]
        {
            ("Queueing does not count against the limit", "Passed"), ("Working still does", "Failed"),
        }), string.Join("\n", run.Results.Select(r => r.Message)));
    }

    private IReadOnlyList<(string Feature, string Scenario, double Start, double End)> Windows() =>
        _run.Timeline.Select(line => line.Split('|'))
            .Select(p => (p[0], p[1], double.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
}
