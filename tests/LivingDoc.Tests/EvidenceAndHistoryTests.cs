using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acceptance.LivingDoc.Model;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// What the suite attaches and records, from hand-made messages in the formats the suite writes: one timeline per
/// scenario, Background steps with their own status, "Not run: " as its own status, load latency with its trend,
/// and a history that records the target and keeps artifacts bounded.
/// </summary>
[TestFixture]
public sealed class EvidenceAndHistoryTests : FolderPerTest
{
    public EvidenceAndHistoryTests() : base("livingdoc-evidence") { }

    private const string Uri = "Features/Chat/Threads.feature";
    private const string Threads = """
        Feature: Threads

          Background:
            Given Alice is signed in

          Scenario: Starting a thread
            When Alice starts a thread
            Then the thread is listed

          Scenario: Replying
            When Alice replies
            Then the reply arrives

          Scenario: Many users at once
            When 25 users ask at once
            Then every answer arrives in time
        """;

    private LivingDocOptions Options(string input, string commit = "c0ffee0000") => new()
    {
        Inputs = [input],
        OutputHtml = Path.Combine(Dir, "out", "LivingDoc.html"),
        OutputSummary = Path.Combine(Dir, "out", "LivingDoc.summary.json"),
        Commit = commit,
    };

    private static JsonObject Attachment(string name, string mediaType, string text) =>
        FileAttachment(name, mediaType, Encoding.UTF8.GetBytes(text));

    private static MessagesBuilder Run(DateTimeOffset? start = null, Step[]? replying = null, JsonObject[]? attachments = null, JsonObject[]? load = null) =>
        new MessagesBuilder(start).Source(Uri, Threads).Background(Uri, 4)
            .Scenario(Uri, "Starting a thread", 6, [Passed("Given ", "Alice is signed in", 4), Passed("When ", "Alice starts a thread", 7), Passed("Then ", "the thread is listed", 8)],
                attachments: attachments)
            .Scenario(Uri, "Replying", 10, replying ?? [Passed("Given ", "Alice is signed in", 4), Passed("When ", "Alice replies", 11), Passed("Then ", "the reply arrives", 12)])
            .Scenario(Uri, "Many users at once", 14, [Passed("Given ", "Alice is signed in", 4), Passed("When ", "25 users ask at once", 15), Passed("Then ", "every answer arrives in time", 16)],
                attachments: load);

    // ---------------------------------------------------------------- A: one timeline per scenario

    private const string Timeline = """
        {"at":"2026-12-03T09:01:02.345Z","source":"http","actor":"Alice","direction":"request","summary":"POST /api/threads"}
        {"at":"2026-12-03T09:01:02.357Z","source":"http","actor":"Alice","direction":"response","summary":"POST /api/threads → 201 in 12 ms"}
        {"at":"2026-12-03T09:01:02.360Z","source":"ws","actor":"Alice","channel":"Alice#1","direction":"received","summary":"thread.created t-1"}
        """;

    [Test]
    public void A_timeline_attachment_becomes_one_ordered_timeline_with_offsets_from_the_first_entry()
    {
        var path = Run(attachments: [Attachment("timeline.jsonl", "application/x-ndjson", Timeline)]).Write(Path.Combine(Dir, "run.ndjson"));

        var result = LivingDocGenerator.Generate(Options(path));

        var timeline = result.Report!.Items.Single(i => i.Name == "Starting a thread").Latest!.Timeline;
        Assert.That(timeline.Select(t => (t.Source, t.Actor, t.Channel, t.Direction, t.Summary)), Is.EqualTo(new[]
        {
            ("http", "Alice", (string?)null, "request", "POST /api/threads"),
            ("http", "Alice", null, "response", "POST /api/threads → 201 in 12 ms"),
            ("ws", "Alice", "Alice#1", "received", "thread.created t-1"),
        }));
        var details = JsonNode.Parse(ModelTests.Unpack(File.ReadAllText(result.HtmlPath!)))!;
        var id = result.Report.Items.Single(i => i.Name == "Starting a thread").Id;
        Assert.That(details[id]![0]!["tl"]!.AsArray().Select(e => e![0]!.GetValue<double>()), Is.EqualTo(new[] { 0.0, 12, 15 }), "ms from the first entry");
        Assert.That(result.Report.Items.Single(i => i.Name == "Replying").Latest!.Timeline, Is.Empty, "a scenario without a timeline renders as before");
    }

    // ---------------------------------------------------------------- B: Background steps with their own status

    [Test]
    public void Background_steps_keep_the_status_they_had_under_the_Background()
    {
        var path = Run(replying: [Failed("Given ", "Alice is signed in", 4, "sign-in refused"), Skipped("When ", "Alice replies", 11), Skipped("Then ", "the reply arrives", 12)])
            .Write(Path.Combine(Dir, "run.ndjson"));

        var result = LivingDocGenerator.Generate(Options(path));

        var replying = result.Report!.Items.Single(i => i.Name == "Replying");
        Assert.That(replying.Latest!.Steps.Select(s => (s.Text, s.Background, s.Status)), Is.EqualTo(new[]
        {
            ("Alice is signed in", true, ScenarioStatus.Failed), ("Alice replies", false, ScenarioStatus.Skipped), ("the reply arrives", false, ScenarioStatus.Skipped),
        }));
        var page = File.ReadAllText(result.HtmlPath!);
        var background = page[page.IndexOf("<section class=\"background\">", StringComparison.Ordinal)..];
        background = background[..background.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.That(background, Does.Contain("failed in 1, passed in 2 of 3 scenarios"), "the Background's step shows how it went in each scenario");
        var scenario = page[page.IndexOf($"id=\"s-{replying.Id}\"", StringComparison.Ordinal)..];
        Assert.That(scenario[..scenario.IndexOf("</section>", StringComparison.Ordinal)], Does.Contain("Background for this scenario:"));
    }

    // ---------------------------------------------------------------- D: "Not run" as its own status

    [Test]
    public void A_result_starting_Not_run_makes_the_scenario_not_run_with_its_reason_never_failed_or_flaky()
    {
        var start = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var options = Options(Run(start).Write(Path.Combine(Dir, "first.ndjson")));
        options.HistoryFolder = Path.Combine(Dir, "history");
        LivingDocGenerator.Generate(options);
        options.Inputs = [Run(start.AddHours(1), replying:
        [
            Failed("Given ", "Alice is signed in", 4, "Not run: the deployment lacks the replies capability"),
            Skipped("When ", "Alice replies", 11), Skipped("Then ", "the reply arrives", 12),
        ]).Write(Path.Combine(Dir, "second.ndjson"))];

        var result = LivingDocGenerator.Generate(options);

        var replying = result.Report!.Items.Single(i => i.Name == "Replying");
        Assert.That((replying.Status, replying.NotRunReason), Is.EqualTo((ScenarioStatus.NotRun, "the deployment lacks the replies capability")));
        Assert.That(replying.Flaky || replying.NewlyFailing, Is.False, "not a failure, so neither flaky nor newly failing");
        Assert.That((result.Counts["notrun"], result.Counts["failed"], result.Counts["passed"]), Is.EqualTo((1, 0, 2)));
        using (var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!)))
            Assert.That(summary.RootElement.GetProperty("verdict").GetString(), Is.EqualTo("failed"), "not failed, but not proof either: the gate allows no not-run by default");

        options.Gate.AllowedNotRun = "lacks the replies capability";
        result = LivingDocGenerator.Generate(options);
        using (var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!)))
            Assert.That(summary.RootElement.GetProperty("verdict").GetString(), Is.EqualTo("passed"), "a not-run the gate allows by its reason");
        Assert.That(File.ReadAllText(result.HtmlPath!), Does.Contain("Not run: the deployment lacks the replies capability"));
    }

    // ---------------------------------------------------------------- C: load latency

    /// <summary>A run with a timeline (Starting a thread) and load latency (Many users at once), for the browser tests.</summary>
    internal static string WriteRichRun(string path) =>
        Run(attachments: [Attachment("timeline.jsonl", "application/x-ndjson", Timeline)], load: [Load(700)]).Write(path);

    private static JsonObject Load(double p95) => Attachment("load-latency.json", "application/json", new JsonObject
    {
        ["users"] = 25, ["errors"] = 0,
        ["first_event_ms"] = new JsonObject { ["p50"] = 120, ["p95"] = p95, ["p99"] = p95 + 100, ["samples"] = new JsonArray(100, 120, 130, p95, p95 + 100) },
        ["completion_ms"] = new JsonObject { ["p50"] = 900, ["p95"] = 2000, ["p99"] = 2500, ["samples"] = new JsonArray(800, 900, 2000, 2500) },
        ["budgets"] = new JsonObject { ["first_event_p95_ms"] = 1000, ["completion_p95_ms"] = 10000 },
    }.ToJsonString());

    [Test]
    public void Load_latency_is_charted_and_a_p95_regression_shows_run_over_run()
    {
        var start = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var options = Options(Run(start, load: [Load(400)]).Write(Path.Combine(Dir, "first.ndjson")));
        options.HistoryFolder = Path.Combine(Dir, "history");
        LivingDocGenerator.Generate(options);
        options.Inputs = [Run(start.AddHours(1), load: [Load(700)]).Write(Path.Combine(Dir, "second.ndjson"))];

        var result = LivingDocGenerator.Generate(options);

        var load = result.Report!.Items.Single(i => i.Name == "Many users at once").Latest!.Load!;
        Assert.That((load.Users, load.FirstEvent!.P95, load.FirstEvent.Samples.Count, load.FirstEventBudgetP95), Is.EqualTo((25, 700.0, 5, (double?)1000)));
        var history = Directory.GetFiles(options.HistoryFolder, "run-*.json").Select(File.ReadAllText).ToList();
        Assert.That(history, Has.All.Contain("\"load\""), "p50/p95/p99 kept per run");
        var page = File.ReadAllText(result.HtmlPath!);
        Assert.That(page, Does.Contain("400 → <span class=\"over\">700 ▲</span>"), "p95 rose by more than 20 %");
        var id = result.Report.Items.Single(i => i.Name == "Many users at once").Id;
        var chart = JsonNode.Parse(ModelTests.Unpack(page))![id]![0]!["load"]!.GetValue<string>();
        Assert.That(chart, Does.Contain("<svg class=\"latency\"").And.Contain("<svg class=\"histogram\"").And.Contain("p95 budget 1000 ms · within budget"));
    }

    // ---------------------------------------------------------------- 5: history that tells the truth

    private string Environment(string name, string api)
    {
        var path = Path.Combine(Dir, name + ".environment.json");
        File.WriteAllText(path, new JsonObject { ["environment"] = name, ["endpoints"] = new JsonObject { ["api"] = api } }.ToJsonString());
        return path;
    }

    [Test]
    public void Flaky_only_when_it_passed_and_failed_on_the_same_commit_against_the_same_target()
    {
        var start = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var failing = new[] { Passed("Given ", "Alice is signed in", 4), Failed("When ", "Alice replies", 11, "no reply"), Skipped("Then ", "the reply arrives", 12) };
        var history = Path.Combine(Dir, "history");
        LivingDocResult Generate(int hour, string environment, Step[]? replying)
        {
            var options = Options(Run(start.AddHours(hour), replying: replying).Write(Path.Combine(Dir, $"run{hour}.ndjson")));
            options.HistoryFolder = history;
            options.EnvironmentFile = environment;
            return LivingDocGenerator.Generate(options);
        }
        var staging = Environment("staging", "https://staging.example.test/api");
        var local = Environment("local", "http://127.0.0.1:5000/api");

        Generate(0, staging, null);
        var otherTarget = Generate(1, local, failing);
        var sameTarget = Generate(2, staging, failing);

        Assert.That(otherTarget.Report!.Items.Single(i => i.Name == "Replying").Flaky, Is.False, "passed on staging, failed locally: not the same experiment");
        var replying = sameTarget.Report!.Items.Single(i => i.Name == "Replying");
        Assert.That(replying.Flaky, Is.True, "passed and failed on staging at commit c0ffee0000");
        Assert.That(replying.FlakyReason, Does.Contain("staging api=https://staging.example.test/api"));
        Assert.That(Directory.GetFiles(history).Select(File.ReadAllText), Has.All.Contain("\"target\":\"").And.All.Contain("\"commit\":\"c0ffee0000\""));
    }

    [Test]
    public void Evidence_and_test_results_keep_as_many_runs_as_the_history()
    {
        var start = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var evidence = Path.Combine(Dir, "evidence");
        var results = Path.Combine(Dir, "test-results");
        var options = Options("");
        options.HistoryFolder = Path.Combine(Dir, "history");
        options.HistorySize = 3;
        options.RetainFolders = [evidence, results];
        for (var run = 0; run < 6; run++)
        {
            var at = start.AddHours(run);
            var folder = Directory.CreateDirectory(Path.Combine(evidence, $"run-{run}")).FullName;
            File.WriteAllText(Path.Combine(folder, "http.jsonl"), "{}");
            Directory.SetLastWriteTimeUtc(folder, at.AddMinutes(1).UtcDateTime);
            var trx = Path.Combine(results, $"run-{run}.trx");
            Directory.CreateDirectory(results);
            File.WriteAllText(trx, "<TestRun />");
            File.SetLastWriteTimeUtc(trx, at.AddMinutes(2).UtcDateTime);
            options.Inputs = [Run(at).Write(Path.Combine(Dir, $"run{run}.ndjson"))];
            Assert.That(LivingDocGenerator.Generate(options).Errors, Is.Empty);
        }

        Assert.That(Directory.GetFiles(options.HistoryFolder).Length, Is.EqualTo(3));
        Assert.That(Directory.GetDirectories(evidence).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "run-3", "run-4", "run-5" }));
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "run-3.trx", "run-4.trx", "run-5.trx" }));
    }
}
