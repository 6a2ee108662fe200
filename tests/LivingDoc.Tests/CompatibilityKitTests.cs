using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acceptance.LivingDoc.Model;
using NUnit.Framework;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// Conformance to the Cucumber Compatibility Kit (npm @cucumber/compatibility-kit, installed by the build from
/// cck/package.json): every sample's messages, as the reference implementation wrote them, are rendered, and every
/// scenario and examples row must carry the status those messages give, worked out here independently of LivingDoc.
/// </summary>
[TestFixture]
public sealed class CompatibilityKitTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "livingdoc-cck", TestContext.CurrentContext.Test.Name.Replace('"', '_') + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    internal static string SamplesFolder()
    {
        var folder = typeof(CompatibilityKitTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "CompatibilityKitSamples").Value!;
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"The Cucumber Compatibility Kit is not installed at {folder}: build the test project (it runs `npm ci` in tests/LivingDoc.Tests/cck).");
        return folder;
    }

    public static IEnumerable<TestCaseData> Samples()
    {
        var folder = SamplesFolder();
        foreach (var sample in Directory.EnumerateDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            yield return new TestCaseData(sample).SetName($"Sample {sample} renders the statuses its messages give");
    }

    private static string Ndjson(string sample) => Directory.EnumerateFiles(Path.Combine(SamplesFolder(), sample), "*.ndjson").Single();

    private LivingDocResult Render(string ndjson)
    {
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [ndjson],
            OutputHtml = Path.Combine(_dir, "LivingDoc.html"),
            OutputSummary = Path.Combine(_dir, "LivingDoc.summary.json"),
            Commit = "cck",
        });
        Assert.That(result.Errors, Is.Empty, "the document was not written");
        return result;
    }

    [TestCaseSource(nameof(Samples))]
    public void Every_sample(string sample)
    {
        var ndjson = Ndjson(sample);
        var expected = Expected.From(ndjson);
        var result = Render(ndjson);
        var report = result.Report!;

        var actual = expected.Pickles.ToDictionary(p => p.Key, p => Locate(report, p.Uri, p.Line)?.Status);
        Assert.Multiple(() =>
        {
            Assert.That(result.Warnings, Is.Empty, "warnings while reading a reference sample");
            Assert.That(report.Items, Has.Count.EqualTo(expected.Pickles.Count),
                "one item per pickle (every scenario and examples row on its own)");
            foreach (var pickle in expected.Pickles)
                Assert.That(actual[pickle.Key], Is.EqualTo(pickle.Status), $"{pickle.Key}: status");
            Assert.That(Evidence(report), Is.EqualTo(expected.Attachments), "every attachment (steps, hooks, test-run hooks) is shown once");
            Assert.That(report.Items.Where(i => i.Flaky).Select(i => i.Name), Is.EquivalentTo(expected.Flaky), "flaky: passed after a failed attempt");
            Assert.That(report.Runs.Sum(r => r.Problems.Count), Is.EqualTo(expected.RunProblems), "test-run errors and failed test-run hooks shown");
        });
    }

    /// <summary>The item a pickle became: by feature uri and the line of the scenario or examples row.</summary>
    private static ScenarioItem? Locate(LivingDocReport report, string uri, int line) =>
        report.Items.FirstOrDefault(i => i.Feature.Uri == uri && (i.Row?.Line ?? i.Scenario.Line) == line);

    private static int Evidence(LivingDocReport report) =>
        report.Items.SelectMany(i => i.Executions).Concat(report.Runs.Select(r => r.RunEvidence).OfType<Execution>())
            .Sum(e => e.Files.Count + e.Http.Count + e.Frames.Count + e.Steps.Sum(s => s.Output.Count) + (e.Timeline.Count > 0 ? 1 : 0));

    [Test]
    public void A_retried_test_case_takes_the_status_of_its_last_attempt_and_keeps_the_earlier_ones_as_such()
    {
        var report = Render(Ndjson("retry")).Report!;
        var retried = report.Items.Single(i => i.Name == "Test cases that fail are retried if within the --retry limit");

        Assert.That(retried.Status, Is.EqualTo(ScenarioStatus.Passed), "the last attempt passed");
        Assert.That(retried.Executions.Select(e => (e.Attempt, e.Status, e.WillBeRetried)),
            Is.EqualTo(new[] { (0, ScenarioStatus.Failed, true), (1, ScenarioStatus.Passed, false) }), "both attempts, the first marked as retried");
        Assert.That(report.Items.Single(i => i.Name == "Test cases won't retry after failing more than the --retry limit").Status, Is.EqualTo(ScenarioStatus.Failed));
    }

    [Test]
    public void Ambiguous_is_its_own_status()
    {
        var result = Render(Ndjson("ambiguous"));

        Assert.That(result.Report!.Items.Single().Status, Is.EqualTo(ScenarioStatus.Ambiguous));
        Assert.That(result.Counts["ambiguous"], Is.EqualTo(1), "counted as ambiguous in the summary");
        Assert.That(result.Counts["failed"], Is.Zero, "not counted as failed");
    }

    [Test]
    public void A_markdown_feature_lists_each_examples_row_on_its_own()
    {
        var report = Render(Ndjson("markdown")).Report!;
        var rows = report.Items.Where(i => i.Feature.Uri.EndsWith(".feature.md", StringComparison.Ordinal)).OrderBy(i => i.Row!.Line).ToList();

        Assert.That(rows.Select(i => (i.Row!.Cells[0], i.Status)), Is.EqualTo(new[] { ("fail", ScenarioStatus.Failed), ("pass", ScenarioStatus.Passed) }));
        Assert.That(rows[0].Latest!.FailingStep!.Error, Is.EqualTo("You asked me to fail"), "the failure is kept");
        Assert.That(rows.Any(i => i.Flaky), Is.False, "two rows are not one flaky scenario");
    }

    [Test]
    public void Attachments_of_BeforeAll_and_AfterAll_hooks_are_shown()
    {
        var result = Render(Ndjson("global-hooks-attachments"));
        var evidence = result.Report!.Runs.Single().RunEvidence!;

        Assert.That(evidence.Files.Select(f => f.Text), Is.EquivalentTo(new[] { "Attachment from BeforeAll hook", "Attachment from AfterAll hook" }));
        Assert.That(File.ReadAllText(result.HtmlPath!), Does.Contain("Attached by test-run hooks"));
    }

    [Test]
    public void A_test_run_error_is_shown()
    {
        var report = Render(Ndjson("test-run-exception")).Report!;

        Assert.That(report.Runs.Single().Problems.Select(p => p.Message), Is.EqualTo(new[] { "Whoops!" }));
        Assert.That(report.Items.Single().NotRunReason, Does.Contain("never started"));
    }

    [Test]
    public void A_failed_AfterAll_hook_is_shown()
    {
        var report = Render(Ndjson("global-hooks-afterall-error")).Report!;

        Assert.That(report.Runs.Single().Problems.Select(p => p.Message), Is.EqualTo(new[] { "AfterAll hook went wrong" }));
    }

    [Test]
    public void Text_with_ANSI_colour_codes_reads_as_plain_text()
    {
        var report = Render(Ndjson("attachments")).Report!;
        var output = report.Items.Single(i => i.Name == "Log ANSI coloured text").Latest!.Steps.SelectMany(s => s.Output).Single();

        Assert.That(output.Text, Is.EqualTo("This displays a rainbow"));
    }

    [Test]
    public void Unknown_fields_unknown_messages_and_a_newer_protocol_version_are_tolerated()
    {
        var lines = File.ReadAllLines(Ndjson("minimal")).Select(line =>
        {
            var message = JsonNode.Parse(line)!.AsObject();
            var body = message.First().Value!.AsObject();
            body["aFieldFromTheFuture"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
            if (message.ContainsKey("meta")) body["protocolVersion"] = "99.1.0";
            return message.ToJsonString();
        }).Prepend("{\"messageFromTheFuture\":{\"id\":\"x\"}}");
        var path = Path.Combine(_dir, "future.ndjson");
        File.WriteAllLines(path, lines);

        var result = Render(path);

        Assert.That(result.Warnings, Is.Empty);
        Assert.That(result.Report!.Items.Single().Status, Is.EqualTo(ScenarioStatus.Passed));
        Assert.That(result.Report.Runs.Single().ProtocolVersion, Is.EqualTo("99.1.0"));
    }

    /// <summary>
    /// What a sample's messages say, read without LivingDoc: per pickle, the status of its last attempt. A FAILED test
    /// case whose first problem step is a hook (not a Gherkin step) is Broken: the environment failed, not the product.
    /// </summary>
    private sealed record Expected(List<Expected.Pickle> Pickles, int Attachments, List<string> Flaky, int RunProblems)
    {
        public sealed record Pickle(string Key, string Uri, int Line, ScenarioStatus Status);

        // Cucumber's order, worst last: a test case has the status of its worst step.
        private static readonly string[] Order = ["PASSED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS", "FAILED"];

        public static Expected From(string ndjson)
        {
            var pickles = new List<JsonElement>();
            var testCasePickle = new Dictionary<string, string>();
            var testCaseSteps = new Dictionary<string, List<(string Id, bool Hook)>>();
            var startedCase = new Dictionary<string, string>();
            var stepStatus = new Dictionary<(string Started, string Step), string>();
            var lastStart = new Dictionary<string, string>();
            var attemptsOfPickle = new Dictionary<string, List<string>>();
            var results = new Dictionary<string, List<string>>();
            var attachments = 0;
            var runProblems = 0;
            foreach (var line in File.ReadLines(ndjson).Where(l => l.Trim().Length > 0))
            {
                var message = JsonDocument.Parse(line).RootElement.EnumerateObject().Single();
                var body = message.Value;
                switch (message.Name)
                {
                    case "pickle": pickles.Add(body.Clone()); break;
                    case "testCase":
                        testCasePickle[body.GetProperty("id").GetString()!] = body.GetProperty("pickleId").GetString()!;
                        testCaseSteps[body.GetProperty("id").GetString()!] = body.GetProperty("testSteps").EnumerateArray()
                            .Select(step => (step.GetProperty("id").GetString()!, step.TryGetProperty("hookId", out _))).ToList();
                        break;
                    case "testCaseStarted":
                        var id = body.GetProperty("id").GetString()!;
                        var pickleId = testCasePickle[body.GetProperty("testCaseId").GetString()!];
                        lastStart[pickleId] = id;
                        startedCase[id] = body.GetProperty("testCaseId").GetString()!;
                        if (!attemptsOfPickle.TryGetValue(pickleId, out var attempts)) attemptsOfPickle[pickleId] = attempts = new List<string>();
                        attempts.Add(id);
                        results[id] = new List<string>();
                        break;
                    case "testStepFinished":
                        results[body.GetProperty("testCaseStartedId").GetString()!].Add(body.GetProperty("testStepResult").GetProperty("status").GetString()!);
                        stepStatus[(body.GetProperty("testCaseStartedId").GetString()!, body.GetProperty("testStepId").GetString()!)] =
                            body.GetProperty("testStepResult").GetProperty("status").GetString()!;
                        break;
                    case "attachment": attachments++; break;
                    case "testRunHookFinished" when body.GetProperty("result").GetProperty("status").GetString() != "PASSED": runProblems++; break;
                    case "testRunFinished" when body.TryGetProperty("exception", out _) || body.TryGetProperty("message", out _): runProblems++; break;
                }
            }
            ScenarioStatus StatusOf(string started)
            {
                var statuses = results[started];
                // A test case that ran no step finished without a problem: passed (as cucumber-js counts it).
                return statuses.Count == 0 ? ScenarioStatus.Passed : statuses.MaxBy(s => Array.IndexOf(Order, s)) switch
                {
                    "PASSED" => ScenarioStatus.Passed,
                    "SKIPPED" => ScenarioStatus.Skipped,
                    "PENDING" => ScenarioStatus.Pending,
                    "UNDEFINED" => ScenarioStatus.Undefined,
                    "AMBIGUOUS" => ScenarioStatus.Ambiguous,
                    "FAILED" => testCaseSteps[startedCase[started]].First(step => stepStatus.GetValueOrDefault((started, step.Id)) is "FAILED" or "AMBIGUOUS" or "UNDEFINED" or "PENDING").Hook
                        ? ScenarioStatus.Broken : ScenarioStatus.Failed,
                    var other => throw new InvalidOperationException($"Unknown step status {other} in {ndjson}"),
                };
            }
            var list = pickles.Select(p =>
            {
                var id = p.GetProperty("id").GetString()!;
                var uri = p.GetProperty("uri").GetString()!;
                var line = p.GetProperty("location").GetProperty("line").GetInt32();
                var status = lastStart.TryGetValue(id, out var started) ? StatusOf(started) : ScenarioStatus.NotRun;
                return new Pickle($"{uri}:{line} {p.GetProperty("name").GetString()}", uri, line, status);
            }).ToList();
            var flaky = pickles.Where(p => attemptsOfPickle.TryGetValue(p.GetProperty("id").GetString()!, out var a) && a.Count > 1 &&
                                           a.Select(StatusOf).Contains(ScenarioStatus.Passed) && a.Select(StatusOf).Contains(ScenarioStatus.Failed))
                .Select(p => p.GetProperty("name").GetString()!).ToList();
            return new Expected(list, attachments, flaky, runProblems);
        }
    }
}
