using System.Globalization;
using NUnit.Framework;

namespace Acceptance.Runner.Tests;

/// <summary>One full `dotnet test` run of the sample suite, checked outcome by outcome.</summary>
[TestFixture]
public sealed class FullSampleRunTests
{
    private static readonly Lazy<Task<SampleRun>> Run = new(() =>
        SampleRun.ExecuteAsync("full", arguments: ["--", "NUnit.NumberOfTestWorkers=4"]));

    private SampleRun _run = null!;

    [OneTimeSetUp]
    public async Task RunTheSamples() => _run = await Run.Value;

    private CucumberMessages Messages => new(_run.Messages);

    [Test]
    public void Every_scenario_and_examples_row_is_a_test() =>
        Assert.That(_run.Results.Select(r => r.Name), Is.EquivalentTo(AllTestNames));

    public static readonly IReadOnlyList<string> AllTestNames =
        [
            "Items from a table", "A note as a doc string", "Adding 1 items [small: 1]", "Adding 2 items [small: 2]",
            "Adding 10 items [large: 10]", "Context injection shares one basket",
            "A passing scenario", "A failing step", "An undefined step", "A pending step", "An ignored scenario",
            "Some examples are ignored [run: 1]", "Some examples are ignored [not run: 2]",
            "Never runs",
            "Every kind of hook runs around a scenario", "A failing BeforeScenario hook", "A failing AfterScenario hook",
            "A step that never finishes", "The next scenario still runs",
            "Ein deutscher Korb",
            "One scenario leaves something behind", "The next scenario starts clean",
            "Output and an attachment are recorded",
            "Not run because the feature could not start",
            "Stopped before it runs",
            "Slow A takes a while", "Slow B takes a while", "Serial runs alone",
            "Gherkin syntax error in Features/Bad/Broken.feature", "Cannot run Features/Bad/Empty.feature",
            "Cannot run Features/Bad/NoScenarios.feature",
        ];

    [TestCase("Items from a table", Description = "data table")]
    [TestCase("A note as a doc string", Description = "doc string")]
    [TestCase("Adding 1 items [small: 1]", Description = "outline row, first examples block")]
    [TestCase("Adding 10 items [large: 10]", Description = "outline row, second examples block")]
    [TestCase("Context injection shares one basket", Description = "rule background and context injection")]
    [TestCase("Ein deutscher Korb", Description = "# language: de")]
    [TestCase("The next scenario starts clean", Description = "no state leaks between scenarios")]
    [TestCase("Every kind of hook runs around a scenario", Description = "hooks run in order")]
    public void A_supported_construct_passes(string scenario) =>
        Assert.That(_run.Result(scenario).Outcome, Is.EqualTo("Passed"), _run.Result(scenario).Message);

    [Test]
    public void A_failing_step_fails_with_the_step_first_then_the_error()
    {
        var result = _run.Result("A failing step");
        Assert.That(result.Outcome, Is.EqualTo("Failed"));
        Assert.That(result.Message, Does.StartWith("Then the basket holds 5 items" + Environment.NewLine));
        Assert.That(result.Message, Does.Contain("Expected: 5").And.Contain("But was:  2"));
    }

    [Test]
    public void An_undefined_step_fails_naming_the_step_with_a_binding_snippet()
    {
        var result = _run.Result("An undefined step");
        Assert.That(result.Outcome, Is.EqualTo("Failed"));
        Assert.That(result.Message, Does.StartWith("Undefined step: When the basket is weighed on the moon"));
        Assert.That(result.Message, Does.Contain("[When(\"the basket is weighed on the moon\")]"));
    }

    [Test]
    public void A_pending_step_is_skipped_with_its_text_as_the_reason()
    {
        var result = _run.Result("A pending step");
        Assert.That((result.Outcome, result.Message), Is.EqualTo(("NotExecuted", "pending: the basket is sent by drone")));
    }

    [TestCase("An ignored scenario", Description = "@ignore on a scenario")]
    [TestCase("Some examples are ignored [not run: 2]", Description = "@ignore on an examples block")]
    [TestCase("Never runs", Description = "@ignore on a feature")]
    public void An_ignored_scenario_is_skipped_and_still_listed(string scenario)
    {
        var result = _run.Result(scenario);
        Assert.That((result.Outcome, result.Message), Is.EqualTo(("NotExecuted", "Ignored: the scenario, its examples, rule or feature is tagged @ignore.")));
    }

    [Test]
    public void The_examples_block_that_is_not_ignored_still_runs() =>
        Assert.That(_run.Result("Some examples are ignored [run: 1]").Outcome, Is.EqualTo("Passed"));

    [Test]
    public void A_syntax_error_is_one_failing_test_naming_the_file_and_line()
    {
        var result = _run.Result("Gherkin syntax error in Features/Bad/Broken.feature");
        Assert.That(result.Outcome, Is.EqualTo("Failed"));
        Assert.That(result.Message, Does.Contain("Features/Bad/Broken.feature:5:5:").And.Contain("got 'this line is not a step'"));
    }

    [Test]
    public void A_syntax_error_does_not_stop_the_other_features() =>
        Assert.That(_run.Results.Count(r => r.Outcome == "Passed"), Is.EqualTo(17));

    [Test]
    public void An_empty_feature_file_fails_with_a_clear_message() =>
        Assert.That(_run.Result("Cannot run Features/Bad/Empty.feature").Message,
            Is.EqualTo("Features/Bad/Empty.feature: the file is empty: it has no 'Feature:' line, so no scenario can run from it."));

    [Test]
    public void A_feature_without_scenarios_fails_with_a_clear_message() =>
        Assert.That(_run.Result("Cannot run Features/Bad/NoScenarios.feature").Message,
            Is.EqualTo("Features/Bad/NoScenarios.feature: the feature 'Nothing yet' has no scenarios."));

    [Test]
    public void A_failing_BeforeScenario_hook_fails_the_scenario_naming_the_hook() =>
        Assert.That(_run.Result("A failing BeforeScenario hook").Message,
            Does.StartWith("BeforeScenario hook Hooks.BreakBeforeScenario failed: InvalidOperationException: the test database is down"));

    [Test]
    public void A_failing_BeforeFeature_hook_fails_the_features_scenarios_naming_the_hook() =>
        Assert.That(_run.Result("Not run because the feature could not start").Message,
            Does.StartWith("Scenario not run: a BeforeFeature hook of 'A feature whose BeforeFeature hook fails' failed: InvalidOperationException: the shared test account is locked"));

    [Test]
    public void A_hook_that_stops_a_scenario_on_purpose_gives_its_message_unchanged() =>
        Assert.That(_run.Result("Stopped before it runs").Message, Is.EqualTo("Pre-flight failed: the platform is down (scenario not run)"));

    [Test]
    public void A_failing_AfterScenario_hook_fails_the_scenario_naming_the_hook() =>
        Assert.That(_run.Result("A failing AfterScenario hook").Message,
            Does.StartWith("AfterScenario hook Hooks.BreakAfterScenario failed: InvalidOperationException: the browser would not close"));

    [Test]
    public void Every_kind_of_hook_runs_once_in_order()
    {
        var log = _run.HookLog.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(log.First(), Is.EqualTo("BeforeTestRun"));
            Assert.That(log.Last(), Is.EqualTo("AfterTestRun"));
            Assert.That(log.Count(e => e == "BeforeFeature"), Is.EqualTo(1));
            Assert.That(log[^2], Is.EqualTo("AfterFeature"));
            Assert.That(log, Does.Contain("AfterScenarioBlock:Then").And.Contain("AfterScenario:Every kind of hook runs around a scenario"));
        });
    }

    [Test]
    public void A_scenario_past_its_time_limit_fails_naming_the_limit_and_the_step()
    {
        var result = _run.Result("A step that never finishes");
        Assert.That(result.Message, Is.EqualTo("Scenario exceeded its time limit of 1 s in step 'the courier is awaited forever'"));
    }

    [Test]
    public void A_scenario_past_its_time_limit_is_stopped_soon_after_it() =>
        Assert.That(_run.Result("A step that never finishes").Seconds, Is.LessThan(6));

    [Test]
    public void The_run_goes_on_after_a_scenario_past_its_time_limit() =>
        Assert.That(_run.Result("The next scenario still runs").Outcome, Is.EqualTo("Passed"));

    [Test]
    public void Features_run_in_parallel()
    {
        var windows = Windows();
        var overlapping = windows.SelectMany(a => windows.Where(b => a.Feature != b.Feature && a.Start < b.End && b.Start < a.End)).Any();
        Assert.That(overlapping, Is.True, "no two features overlapped in time:\n" + string.Join("\n", _run.Timeline));
    }

    [Test]
    public void A_serial_feature_runs_alone()
    {
        var windows = Windows();
        var serial = windows.Single(w => w.Feature == "Serial");
        var during = windows.Where(w => w.Feature != "Serial" && w.Start < serial.End && serial.Start < w.End).ToList();
        Assert.That(during, Is.Empty, "scenarios ran while the @serial feature ran");
    }

    [Test]
    public void The_scenarios_of_a_feature_run_in_the_written_order_one_at_a_time()
    {
        var outcomes = Windows().Where(w => w.Feature == "Outcomes").ToList();
        Assert.That(outcomes.Select(w => w.Scenario), Is.EqualTo(new[]
        {
            "A passing scenario", "A failing step", "An undefined step", "A pending step", "Some examples are ignored",
        }));
        Assert.That(outcomes.Zip(outcomes.Skip(1)).All(p => p.First.End <= p.Second.Start), Is.True, "scenarios of one feature overlapped");
    }

    [Test]
    public void The_messages_hold_one_pickle_per_scenario_case()
    {
        // Every test except the three bad files: 28 scenario cases, ignored ones included.
        Assert.That(Messages.PickleNames, Has.Count.EqualTo(28));
    }

    [Test]
    public void The_messages_hold_a_finished_test_case_per_scenario_case_that_started()
    {
        // All but the one whose feature never started (its BeforeFeature hook failed), as with generated code.
        Assert.That(Messages.OfType("testCaseFinished").Count(), Is.EqualTo(27));
    }

    [TestCase("A passing scenario", "PASSED,PASSED")]
    [TestCase("A failing step", "PASSED,PASSED,FAILED,SKIPPED")]
    [TestCase("An undefined step", "PASSED,UNDEFINED")]
    [TestCase("A pending step", "PASSED,PENDING")]
    [TestCase("Items from a table", "PASSED,PASSED,PASSED")]
    [TestCase("Context injection shares one basket", "PASSED,PASSED,PASSED,PASSED")]
    public void The_messages_record_each_step_status(string scenario, string statuses)
    {
        Assert.That(Messages.StepStatusesByScenario()[scenario], Is.EqualTo(statuses.Split(',')));
    }

    [Test]
    public void The_messages_list_an_ignored_scenario_without_running_its_steps()
    {
        Assert.That(Messages.StepCountOf("An ignored scenario"), Is.Zero);
    }

    [Test]
    public void Output_written_through_the_output_helper_is_an_attachment()
    {
        var texts = Messages.AttachmentsOf("Output and an attachment are recorded").Select(a => (string?)a["body"]).ToList();
        Assert.That(texts, Has.Some.Contains("evidence: the courier signed at 10:42"));
    }

    [Test]
    public void A_file_attached_through_the_output_helper_is_an_attachment()
    {
        var files = Messages.AttachmentsOf("Output and an attachment are recorded")
            .Select(a => (string?)a["fileName"] ?? (string?)a["url"] ?? "").ToList();
        Assert.That(files, Has.Some.Contains("runner-sample-evidence-"));
    }

    [Test]
    public void The_html_report_is_written_with_the_features()
    {
        var html = File.ReadAllText(Path.Combine(_run.WorkDirectory, "report.html"));
        Assert.That(html, Does.Contain("Context injection shares one basket"));
    }

    [Test]
    public void A_run_with_failures_exits_non_zero() => Assert.That(_run.ExitCode, Is.Not.Zero);

    private IReadOnlyList<(string Feature, string Scenario, double Start, double End)> Windows() =>
        _run.Timeline.Select(line => line.Split('|'))
            .Select(p => (p[0], p[1], double.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
}
