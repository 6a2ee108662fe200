using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Acceptance.Support.Platform;
using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>
/// The detection matrix (<see cref="DetectionMatrix"/>): every Then binding of the suite is shown able to fail. Each
/// row's fault is switched on in a reference platform of its own, the suite runs against it, and the child run's
/// Cucumber messages must show each expected scenario failing at a Then step of the expected binding with a message
/// naming the cause, and every other selected scenario passing. With no fault, every scenario of the matrix passes.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class DetectionMatrixTests
{
    /// <summary>Set to 1 to write docs/detection-matrix.md and .json from the table and the messages of this run.</summary>
    public const string WriteVariable = "SELFCHECK_WRITE_MATRIX";

    private static readonly ConcurrentDictionary<string, string> Observed = new();
    private static readonly ConcurrentDictionary<string, string> NotShown = new();

    private static bool Writing => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    public static IEnumerable<TestCaseData> FaultRuns() =>
        DetectionMatrix.Runs.Select(run => new TestCaseData(run).SetName($"Matrix {run.Name}: {run.Fault} turns its scenarios red at their Then steps"));

    public static IEnumerable<TestCaseData> PreflightStops() =>
        DetectionMatrix.PreflightStops.Select(stop => new TestCaseData(stop).SetName($"Matrix {stop.Name}: the pre-flight stops the run with one diagnosis"));

    [TestCaseSource(nameof(FaultRuns))]
    public async Task A_fault_turns_its_scenarios_red_at_their_Then_steps(FaultRun row)
    {
        using var platform = FaultyPlatform.Start(row.Faults, row.TestUsers);
        var settings = new Dictionary<string, string>(platform.SuiteSettings);
        foreach (var (key, value) in row.SuiteSettings) settings[key] = value;
        var run = await SuiteRun.RunWhereAsync("matrix-" + row.Name, row.EffectiveFilter, settings, row.Deadline);
        TestContext.Out.WriteLine(run.Describe());
        Assert.That(run.Scenarios, Is.Not.Empty, $"No scenario ran (filter {row.EffectiveFilter}).\n{run.Describe()}\n{run.Process.Output}");
        Assert.That(platform.Secrets.Where(secret => run.Process.Output.Contains(secret)), Is.Empty, "A secret appeared in the run's output.");

        var cases = run.Cases;
        var (proofs, others) = MatrixVerdict.Judge(row, cases, SuiteBindings.Then);
        foreach (var proof in proofs)
        {
            var key = MatrixDocument.Key(proof.Proof.Binding, row.Setting, proof.Proof.Scenario);
            if (proof.Problem is not null)
            {
                NotShown[key] = proof.Problem;
                continue;
            }
            var message = MatrixDocument.Normalise(proof.Failure!.Summary);
            Assert.That(platform.Secrets.Where(message.Contains), Is.Empty, "A secret appeared in a failure message.");
            Observed[key] = message;
        }
        var problems = proofs.Where(p => p.Problem is not null).Select(p => p.Problem!).Concat(others).ToList();
        var seen = string.Join("\n  ", cases.Select(c => c.ToString()));
        Assert.That(problems, Is.Empty, $"Under {row.Setting}:\n- {string.Join("\n- ", problems)}\nThe run's scenarios:\n  {seen}\n{run.Describe()}");
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), $"The run must fail.\n{run.Describe()}");
        row.Check?.Invoke(run);
    }

    [TestCaseSource(nameof(PreflightStops))]
    public async Task A_fault_the_preflight_must_catch_stops_the_run_with_one_diagnosis(PreflightStop stop)
    {
        using var platform = FaultyPlatform.Start(stop.Faults);
        var run = await SuiteRun.RunWhereAsync("matrix-" + stop.Name, stop.Filter, platform.SuiteSettings, TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(run.Describe());
        var printed = run.OutputLines("Pre-flight failed after").ToList();
        Assert.That(printed, Has.Count.EqualTo(1), $"The diagnosis is printed once.\n{run.Describe()}");
        var diagnosis = Regex.Match(printed[0], @"^Pre-flight failed after \d+\.\d+ s: (.*)$").Groups[1].Value;
        Assert.That(diagnosis, Does.Match(stop.Diagnosis), run.Describe());
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), run.Describe());
        Assert.That(run.Scenarios, Is.Not.Empty, run.Describe());
        Assert.That(run.Scenarios.Select(s => (s.Outcome, s.Message)).Distinct().ToList(),
            Is.EqualTo(new[] { ("Failed", $"Pre-flight failed: {diagnosis} (scenario not run)") }),
            "Every scenario fails with the one diagnosis.\n" + run.Describe());
    }

    /// <summary>The control: every scenario the matrix runs, and the features the former fault tests ran, pass with no fault on.</summary>
    [Test]
    public async Task With_no_fault_every_scenario_of_the_matrix_passes()
    {
        var filter = string.Join(" || ", DetectionMatrix.Runs.Select(r => r.EffectiveFilter)
            .Concat(["cat == events", "cat == smoke", "cat == security && cat == websocket"])
            .Distinct().Select(f => $"({f})"));
        using var platform = FaultyPlatform.Start(new Dictionary<string, string>(), DetectionMatrix.CrowdUsers);
        var run = await SuiteRun.RunWhereAsync("matrix-no-fault", filter, platform.SuiteSettings, TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine(run.Describe());
        var failed = run.Cases.Where(c => !c.Passed).Select(c => c.ToString()).ToList();
        Assert.That(failed, Is.Empty, run.Describe());
        Assert.That((run.Process.ExitCode, run.Failed.Count, run.Passed.Count == run.Scenarios.Count), Is.EqualTo((0, 0, true)), run.Describe());
        var proven = DetectionMatrix.Runs.SelectMany(r => r.Proofs).Select(p => (p.Feature, p.Scenario)).Distinct().ToList();
        Assert.That(proven.Where(p => !run.Cases.Any(c => (c.Feature, c.Name) == p)), Is.Empty, "Every scenario of a proof ran (and passed).");
    }

    [Test]
    public void Every_Then_binding_of_the_suite_has_a_fault_that_turns_it_red()
    {
        var proven = DetectionMatrix.Runs.SelectMany(r => r.Proofs).Select(p => p.Binding).ToHashSet();
        var unproven = SuiteBindings.Then.Where(b => !proven.Contains(b.Binding)).Select(b => b.ToString()).ToList();
        Assert.That(unproven, Is.Empty,
            "These Then bindings have no demonstrated fault: add a row to tests/SelfCheck.Tests/Matrix/DetectionMatrix.cs " +
            "(a fault switch in src/ReferencePlatform/Faults/ that turns a scenario using the step red), see docs/diagnosis.md");
    }

    [Test]
    public void Every_row_names_a_Then_binding_and_a_scenario_that_uses_it()
    {
        var bindings = SuiteBindings.Then;
        var problems = new List<string>();
        foreach (var run in DetectionMatrix.Runs)
        {
            if (run.Faults.Count == 0) problems.Add($"{run.Name}: no fault switch.");
            foreach (var proof in run.Proofs)
            {
                var binding = bindings.Where(b => b.Binding == proof.Binding).ToList();
                if (binding.Count == 0)
                {
                    problems.Add($"{run.Name}: {proof.Binding} is not a Then binding of the suite (renamed or removed?).");
                    continue;
                }
                var scenario = FeatureScenarios.All.Where(s => s.Feature == proof.Feature && s.Name == proof.Scenario).ToList();
                if (scenario.Count != 1)
                    problems.Add($"{run.Name}: {proof.Feature} has {scenario.Count} scenario cases named \"{proof.Scenario}\" (needs exactly one).");
                else if (!scenario[0].Steps.Any(s => s.Keyword == "Then" && binding.Any(b => b.Matches(s.Text))))
                    problems.Add($"{run.Name}: \"{proof.Scenario}\" has no Then step that {proof.Binding} matches ({string.Join(" or ", binding.Select(b => b.Regex))}).");
                try
                {
                    _ = new Regex(proof.Cause);
                }
                catch (ArgumentException e)
                {
                    problems.Add($"{run.Name}: the cause /{proof.Cause}/ is not a regular expression: {e.Message}");
                }
            }
            foreach (var other in run.AlsoFailing.Keys.Where(name => FeatureScenarios.All.All(s => s.Name != name)))
                problems.Add($"{run.Name}: no scenario is named \"{other}\" (AlsoFailing).");
        }
        foreach (var duplicate in DetectionMatrix.Runs.GroupBy(r => r.Name).Where(g => g.Count() > 1)) problems.Add($"Two runs are named {duplicate.Key}.");
        foreach (var duplicate in DetectionMatrix.Runs.GroupBy(r => r.Setting).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(" and ", duplicate.Select(r => r.Name))} have the same settings ({duplicate.Key}): make them one run.");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Each_Then_binding_regex_matches_what_Reqnroll_reads_from_its_expression()
    {
        var refused = SuiteBindings.Then.Single(b => b.Binding == "RefusalStepDefinitions.ThenItIsRefusedWith");
        Assert.That(refused.IsRegex, Is.False, refused.ToString());
        Assert.That(refused.Regex, Is.EqualTo("^it is refused with (?:\"([^\"]*)\"|'([^']*)')$"));
        Assert.That(refused.Matches("it is refused with \"not signed in\""), Is.True);
        Assert.That(SuiteBindings.CucumberToRegex("a {int} b/c (d) e\\/f"), Is.EqualTo("^a (-?\\d+) (?:b|c) (?:d)? e/f$"));
        // Every Then step of every feature is matched by exactly one Then binding, as Reqnroll itself requires.
        var steps = FeatureScenarios.All.SelectMany(s => s.Steps).Where(s => s.Keyword == "Then").Select(s => s.Text).Distinct();
        var notExactlyOne = steps.Select(text => (text, count: SuiteBindings.Then.Count(b => b.Matches(text)))).Where(x => x.count != 1).ToList();
        Assert.That(notExactlyOne, Is.Empty, "Steps matched by no or several Then bindings (by the regexes the matrix made).");
    }

    /// <summary>The committed docs say what the table says (the messages are what earlier runs observed).</summary>
    [Test]
    public void The_published_matrix_is_what_the_table_says()
    {
        var root = RepositoryRoot.Find();
        var jsonPath = MatrixDocument.JsonPath(root);
        var markdownPath = MatrixDocument.MarkdownPath(root);
        var committedJson = File.Exists(jsonPath) ? File.ReadAllText(jsonPath) : "";
        var messages = committedJson.Length > 0 ? MatrixDocument.MessagesOf(committedJson) : new Dictionary<string, string>();
        var (json, markdown) = Render(messages);
        if (Writing)
        {
            File.WriteAllText(jsonPath, json);
            File.WriteAllText(markdownPath, markdown);
            Assert.Pass($"{WriteVariable}=1: wrote {jsonPath} and {markdownPath}; the messages of this run's matrix are written at its end.");
        }
        const string howTo = $"Regenerate them: {WriteVariable}=1 dotnet test tests/SelfCheck.Tests --filter \"FullyQualifiedName~DetectionMatrixTests\" " +
                             "(runs the matrix and writes docs/detection-matrix.md and .json with the messages observed).";
        Assert.That(committedJson, Is.EqualTo(json), $"docs/detection-matrix.json differs from the table. {howTo}");
        Assert.That(File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : "", Is.EqualTo(markdown), $"docs/detection-matrix.md differs from the table. {howTo}");
    }

    [OneTimeTearDown]
    public void WriteThePublishedMatrix()
    {
        if (!Writing || (Observed.IsEmpty && NotShown.IsEmpty)) return;
        var root = RepositoryRoot.Find();
        var jsonPath = MatrixDocument.JsonPath(root);
        var messages = new Dictionary<string, string>(File.Exists(jsonPath) ? MatrixDocument.MessagesOf(File.ReadAllText(jsonPath)) : new Dictionary<string, string>());
        foreach (var (key, message) in Observed) messages[key] = message;
        // A proof this run did not show is not shown, whatever an earlier run saw.
        foreach (var key in NotShown.Keys) messages.Remove(key);
        var (json, markdown) = Render(messages);
        File.WriteAllText(jsonPath, json);
        File.WriteAllText(MatrixDocument.MarkdownPath(root), markdown);
        TestContext.Progress.WriteLine($"Wrote {jsonPath} and docs/detection-matrix.md: {Observed.Count} proof(s) shown, {NotShown.Count} not.");
    }

    private static (string Json, string Markdown) Render(IReadOnlyDictionary<string, string> messages) =>
        (MatrixDocument.Json(SuiteBindings.Then, DetectionMatrix.Runs, messages),
         MatrixDocument.Markdown(SuiteBindings.Then, DetectionMatrix.Runs, DetectionMatrix.PreflightStops, FeatureScenarios.All, messages));
}
