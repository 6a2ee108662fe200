using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Acceptance.Runner.Tests;

/// <summary>Runs of the sample suite under other options and broken set-ups.</summary>
[TestFixture]
public sealed class VariantRunTests
{
    [Test]
    public async Task A_category_filter_selects_exactly_the_tagged_scenarios()
    {
        var run = await SampleRun.ExecuteAsync("smoke", arguments: ["--filter", "Category=smoke"]);
        Assert.That(run.Results.Select(r => r.Name), Is.EquivalentTo(new[] { "Items from a table", "Ein deutscher Korb" }));
    }

    [Test]
    public async Task Tags_of_feature_rule_scenario_and_examples_are_categories()
    {
        var run = await SampleRun.ExecuteAsync("categories", arguments: ["--filter", "Category=fast|Category=rule-tag|Category=hooks"]);
        Assert.That(run.Results.Select(r => r.Name), Is.EquivalentTo(new[]
        {
            "Adding 1 items [small: 1]", "Adding 2 items [small: 2]", // examples tag
            "Context injection shares one basket", // rule tag
            "Every kind of hook runs around a scenario", "A failing BeforeScenario hook", "A failing AfterScenario hook", // feature tag
        }));
    }

    [Test]
    public async Task A_pending_step_fails_when_reqnroll_json_asks_for_errors()
    {
        var run = await SampleRun.ExecuteAsync("pending-error",
            editConfig: c => c["runtime"] = new JsonObject { ["missingOrPendingStepsOutcome"] = "Error" },
            environment: OnlyFeature("Outcomes.feature"));
        var result = run.Result("A pending step");
        Assert.That((result.Outcome, result.Message.Split(Environment.NewLine)[0]), Is.EqualTo(("Failed", "Pending step: When the basket is sent by drone")));
    }

    [Test]
    public async Task A_missing_features_folder_is_one_failing_test_that_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-features-folder");
        var run = await SampleRun.ExecuteAsync("no-features", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_FEATURES"] = missing });
        Assert.That(run.Results.Select(r => (r.Outcome, r.Message)), Is.EqualTo(new[]
        {
            ("Failed", $"The features folder does not exist: {missing}. Put .feature files under it, or point the runner elsewhere with REQNROLL_RUNNER_FEATURES."),
        }));
    }

    [Test]
    public async Task A_features_folder_without_feature_files_is_one_failing_test()
    {
        var empty = Directory.CreateTempSubdirectory("empty-features-").FullName;
        var run = await SampleRun.ExecuteAsync("empty-features", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_FEATURES"] = empty });
        Assert.That(run.Results.Select(r => (r.Outcome, r.Message)), Is.EqualTo(new[]
        {
            ("Failed", $"The features folder {empty} contains no .feature files."),
        }));
    }

    [Test]
    public async Task A_binding_assembly_that_fails_to_load_fails_every_scenario_with_a_clear_message()
    {
        var run = await SampleRun.ExecuteAsync("bad-binding",
            editConfig: c => c["bindingAssemblies"] = new JsonArray(new JsonObject { ["assembly"] = "Missing.Bindings" }),
            arguments: ["--filter", "Category=smoke"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Results, Has.Count.EqualTo(2));
            Assert.That(run.Results.Select(r => r.Outcome), Is.All.EqualTo("Failed"));
            Assert.That(run.Results.Select(r => r.Message), Is.All.Contains("Reqnroll could not start the test run, so no scenario ran").And.All.Contains("Missing.Bindings"));
        });
    }

    [Test]
    public async Task Two_shards_split_the_features_between_them_without_overlap()
    {
        var first = await SampleRun.ExecuteAsync("shard-1", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_SHARD"] = "1/2" });
        var second = await SampleRun.ExecuteAsync("shard-2", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_SHARD"] = "2/2" });
        var firstNames = first.Results.Select(r => r.Name).ToList();
        var secondNames = second.Results.Select(r => r.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(firstNames.Concat(secondNames), Is.EquivalentTo(FullSampleRunTests.AllTestNames));
            Assert.That(firstNames.Intersect(secondNames), Is.Empty);
            Assert.That(firstNames, Is.Not.Empty);
            Assert.That(secondNames, Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_shard_without_features_is_one_failing_test()
    {
        var run = await SampleRun.ExecuteAsync("shard-empty", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_SHARD"] = "40/40" });
        Assert.That(run.Results.Select(r => (r.Name, r.Outcome)), Is.EqualTo(new[] { ("Shard 40 of 40 is empty", "Failed") }));
    }

    [Test]
    public async Task A_malformed_shard_setting_fails_the_run_with_a_clear_message()
    {
        var run = await SampleRun.ExecuteAsync("shard-bad", environment: new Dictionary<string, string> { ["REQNROLL_RUNNER_SHARD"] = "3/2" });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Output + string.Join("\n", run.Results.Select(r => r.Message)),
                Does.Contain("REQNROLL_RUNNER_SHARD must name one shard as <index>/<count> with 1 <= index <= count, e.g. 2/4; not '3/2'."));
        });
    }

    [Test]
    public async Task A_scenario_time_limit_can_be_set_by_configuration()
    {
        var run = await SampleRun.ExecuteAsync("time-limit",
            environment: new Dictionary<string, string>(OnlyFeature("Parallel/SlowA.feature")) { ["REQNROLL_RUNNER_SCENARIO_TIMEOUT"] = "1" });
        Assert.That(run.Result("Slow A takes a while").Message, Is.EqualTo("Scenario exceeded its time limit of 1 s in step 'the scenario takes 1500 ms'"));
    }

    // `dotnet test --filter Name=...` cannot take names with spaces, so a run of one feature points the runner at a folder holding only it.
    private static Dictionary<string, string> OnlyFeature(string relativePath)
    {
        var folder = Directory.CreateTempSubdirectory("one-feature-").FullName;
        File.Copy(Path.Combine(SampleRun.SamplesOutput, "Features", relativePath), Path.Combine(folder, Path.GetFileName(relativePath)));
        return new Dictionary<string, string> { ["REQNROLL_RUNNER_FEATURES"] = folder };
    }
}
