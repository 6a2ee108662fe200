using System.Text.Json;
using Acceptance.LivingDoc.Model;
using Acceptance.LivingDoc.Rendering;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.BrokenAndFlakyTests;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// "A green run is proof": a quality gate that decides the verdict, rule by rule, and a headline that says "all
/// passed" only when it is true. From the hand-made messages of <see cref="BrokenAndFlakyTests"/>.
/// </summary>
[TestFixture]
public sealed class GateTests : FolderPerTest
{
    public GateTests() : base("livingdoc-gate") { }

    internal const string Oidc = "Not run: the deployment does not offer sign-in through an OpenID Connect provider (declared: Capabilities:Oidc is false)";
    internal const string Bypass = "Not run: the deployment does not offer the e2e bypass (declared: Capabilities:E2eBypass is false)";

    private LivingDocOptions Options(string input, string commit = "c0ffee0000") => new()
    {
        Inputs = [input],
        OutputHtml = Path.Combine(Dir, "out", "LivingDoc.html"),
        OutputSummary = Path.Combine(Dir, "out", "LivingDoc.summary.json"),
        Commit = commit,
    };

    private LivingDocResult Generate(IReadOnlyList<Sc> scenarios, Action<LivingDocOptions>? configure = null, IReadOnlyList<Sc>? notSelected = null)
    {
        var options = Options(Run(scenarios, notSelected: notSelected).Write(Path.Combine(Dir, "run.ndjson")));
        configure?.Invoke(options);
        var result = LivingDocGenerator.Generate(options);
        Assert.That(result.Errors, Is.Empty);
        return result;
    }

    // ---------------------------------------------------------------- the quality gate

    [Test]
    public void All_passed_passes_the_gate_and_says_so()
    {
        var result = Generate([new Sc("A"), new Sc("B"), new Sc("C")]);

        var gate = result.Gate!;
        Assert.That((gate.Passed, gate.Verdict, gate.Line), Is.EqualTo((true, "passed", "Quality gate passed: 3 passed")));
        Assert.That(gate.Checks.Select(c => (c.Rule, c.Setting, c.Passed)), Is.EqualTo(new[]
        {
            ("max-failed", "Gate:MaxFailed", true), ("max-broken", "Gate:MaxBroken", true), ("critical", "Gate:CriticalTags", true),
            ("max-not-run", "Gate:MaxNotRun", true), ("min-executed", "Gate:MinExecuted", true),
        }));
        Assert.That(HtmlRenderer.Verdict(result.Report!), Is.EqualTo("All 3 scenarios passed"));
    }

    [Test]
    public void Failed_scenarios_break_MaxFailed_naming_the_first_five_and_how_many_more()
    {
        var result = Generate([new Sc("Paying by card"), .. Many("Refund", 7, Outcome.Fail)]);

        var violation = result.Gate!.Violations.Single();
        Assert.That((violation.Rule, violation.Setting, violation.Message), Is.EqualTo(("max-failed", "Gate:MaxFailed", "7 scenarios failed (Gate:MaxFailed is 0)")));
        Assert.That(violation.Scenarios, Has.Count.EqualTo(7));
        Assert.That(result.Gate.Line, Is.EqualTo("Quality gate failed: 7 scenarios failed (Gate:MaxFailed is 0): Refund 1, Refund 2, Refund 3, Refund 4, Refund 5 and 2 more"));
        Assert.That(result.Gate.Verdict, Is.EqualTo("failed"));

        var tolerated = QualityGate.Evaluate(result.Report!, new QualityGateOptions { MaxFailed = 7 });
        Assert.That((tolerated.Passed, tolerated.Line), Is.EqualTo((true, "Quality gate passed: 1 passed, 7 failed (within Gate:MaxFailed 7)")));
    }

    [Test]
    public void Undefined_and_pending_count_with_failed()
    {
        var result = Generate([new Sc("A"), new Sc("B", Outcome.Fail), new Sc("C", Outcome.Undefined)]);

        Assert.That(result.Gate!.Violations.Single().Message, Is.EqualTo("2 scenarios did not pass (1 failed, 1 undefined) (Gate:MaxFailed is 0)"));
    }

    [Test]
    public void When_only_the_environment_failed_the_line_says_so_and_quotes_its_error()
    {
        var result = Generate([new Sc("A"), .. Many("Broken", 88, Outcome.Broken)]);

        var gate = result.Gate!;
        Assert.That(gate.Verdict, Is.EqualTo("broken"));
        Assert.That(gate.Line, Is.EqualTo("Quality gate failed: 88 scenarios broken, the environment failed (Gate:MaxBroken is 0): " + Preflight));
        Assert.That(gate.Violations.Single().Scenarios, Has.Count.EqualTo(88));
        Assert.That(QualityGate.Evaluate(result.Report!, new QualityGateOptions { MaxBroken = 88 }).Passed, Is.True);

        var mixed = Generate([new Sc("A", Outcome.Fail), new Sc("B", Outcome.Broken)]).Gate!;
        Assert.That(mixed.Verdict, Is.EqualTo("failed"), "a product failure among them: failed");
        Assert.That(mixed.Violations.Select(v => v.Rule), Is.EqualTo(new[] { "max-failed", "max-broken" }));
    }

    [Test]
    public void Not_run_scenarios_break_MaxNotRun_unless_their_reason_is_allowed()
    {
        Sc[] scenarios = [.. Many("Paid", 2), .. Many("OIDC", 3, notRun: Oidc), new Sc("Quota", NotRun: "Not run: the quota service is down")];

        var strict = Generate(scenarios).Gate!;
        Assert.That(strict.Line, Is.EqualTo("Quality gate failed: 4 not run (Gate:MaxNotRun is 0): OIDC 1, OIDC 2, OIDC 3, Quota"));

        var allowed = Generate(scenarios, o => o.Gate.AllowedNotRun = @"\(declared: ").Gate!;
        Assert.That(allowed.Line, Is.EqualTo("Quality gate failed: 1 not run (Gate:MaxNotRun is 0): Quota"));
        Assert.That(allowed.AllowedNotRun, Is.EqualTo(new[] { "OIDC 1", "OIDC 2", "OIDC 3" }));
        Assert.That(allowed.Checks.Single(c => c.Rule == "max-not-run").Message, Does.EndWith("; 3 not run (allowed by Gate:AllowedNotRun)"));

        var passed = Generate(scenarios, o => { o.Gate.AllowedNotRun = @"\(declared: "; o.Gate.MaxNotRun = 1; }).Gate!;
        Assert.That((passed.Passed, passed.Verdict, passed.Line), Is.EqualTo((true, "passed", "Quality gate passed: 2 passed, 3 not run (allowed), 1 not run (within Gate:MaxNotRun 1)")));
    }

    [Test]
    public void Skipped_and_ignored_scenarios_count_as_not_run()
    {
        var gate = Generate([new Sc("A"), new Sc("B", Outcome.Skipped)]).Gate!;

        Assert.That(gate.Violations.Single().Summary, Is.EqualTo("1 not run (Gate:MaxNotRun is 0): B"));
    }

    [Test]
    public void Every_critical_scenario_must_pass_unless_it_was_not_run_as_allowed()
    {
        var critical = new[] { "@critical" };
        var failed = Generate([new Sc("Paying by card", Outcome.Fail, Tags: critical), new Sc("B")]).Gate!;
        Assert.That(failed.Violations.Select(v => v.Summary), Is.EqualTo(new[]
        {
            "1 scenario failed (Gate:MaxFailed is 0): Paying by card",
            "1 critical scenario did not pass (Gate:CriticalTags is @critical): Paying by card (failed)",
        }));
        Assert.That(QualityGate.Evaluate(Generate([new Sc("Paying by card", Outcome.Fail, Tags: critical)]).Report!,
            new QualityGateOptions { MaxFailed = 1, CriticalTags = ["@Critical"] }).Violations.Single().Rule, Is.EqualTo("critical"),
            "a tolerated failure still breaks the critical rule; tags compare with or without @ and in any case");

        var notRun = Generate([new Sc("Signing in", NotRun: Oidc, Tags: critical), new Sc("B")]);
        Assert.That(notRun.Gate!.Violations.Select(v => v.Rule), Is.EqualTo(new[] { "critical", "max-not-run" }));
        var allowed = QualityGate.Evaluate(notRun.Report!, new QualityGateOptions { AllowedNotRun = "Capabilities:Oidc is false" });
        Assert.That((allowed.Passed, allowed.Checks.Single(c => c.Rule == "critical").Message),
            Is.EqualTo((true, "all 1 critical scenario passed (Gate:CriticalTags is @critical) or were not run as allowed")));
        Assert.That(QualityGate.Evaluate(Generate([new Sc("X", Outcome.Fail, Tags: critical)]).Report!, new QualityGateOptions { MaxFailed = 1, CriticalTags = [] }).Passed,
            Is.True, "no critical tags: no such rule");
    }

    [Test]
    public void At_least_MinExecuted_scenarios_must_run_to_a_result_and_nothing_executed_is_empty()
    {
        var few = Generate([new Sc("A"), new Sc("B")], o => o.Gate.MinExecuted = 5).Gate!;
        Assert.That(few.Line, Is.EqualTo("Quality gate failed: 2 scenarios executed, fewer than 5 (Gate:MinExecuted is 5)"));

        var none = Generate([.. Many("OIDC", 2, notRun: Oidc)], o => o.Gate.AllowedNotRun = "declared").Gate!;
        Assert.That((none.Verdict, none.Line), Is.EqualTo(("empty", "Quality gate failed: no scenario executed, fewer than 1 (Gate:MinExecuted is 1)")));

        var path = Path.Combine(Dir, "empty.ndjson");
        File.WriteAllText(path, "");
        var empty = LivingDocGenerator.Generate(Options(path)).Gate!;
        Assert.That((empty.Passed, empty.Verdict, empty.Line),
            Is.EqualTo((false, "empty", "Quality gate failed: no scenario executed, fewer than 1 (Gate:MinExecuted is 1): no run selected any scenario")));
    }

    [Test]
    public void Scenarios_no_run_selected_are_not_judged()
    {
        // The feature file (its source in the messages) has a critical scenario that the run did not select.
        var result = Generate([new Sc("A")], notSelected: [new Sc("Only in the feature file", Tags: ["@critical"])]);

        Assert.That(result.Report!.Items.Single(i => i.Name == "Only in the feature file").Status, Is.EqualTo(ScenarioStatus.NotRun));
        Assert.That((result.Gate!.Passed, result.Gate.Selected), Is.EqualTo((true, 1)));
        Assert.That(HtmlRenderer.Verdict(result.Report), Is.EqualTo("1 scenario passed"));
    }

    [Test]
    public void Pickles_a_run_compiled_but_did_not_select_are_not_judged()
    {
        // Runners compile every pickle of a feature they touch; a filter (e.g. Category=smoke) gives test cases only
        // to some. The others have a pickle and no test case, and no hook failed: the run did not select them.
        var builder = Run([new Sc("A")]);
        builder.Raw(new System.Text.Json.Nodes.JsonObject
        {
            ["pickle"] = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "unselected-pickle", ["uri"] = BrokenAndFlakyTests.Uri, ["name"] = "Filtered out", ["language"] = "en",
                ["steps"] = new System.Text.Json.Nodes.JsonArray(), ["tags"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "@critical" }),
                ["astNodeIds"] = new System.Text.Json.Nodes.JsonArray(),
            },
        }.ToJsonString());
        var result = LivingDocGenerator.Generate(Options(builder.Write(Path.Combine(Dir, "filtered.ndjson"))));

        Assert.That((result.Gate!.Passed, result.Gate.Selected, result.Gate.Line), Is.EqualTo((true, 1, "Quality gate passed: 1 passed")));
    }

    [Test]
    public void Scenarios_a_run_held_but_never_started_are_judged_as_not_run()
    {
        var result = LivingDocGenerator.Generate(Options(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "runner-full.ndjson")));

        var never = result.Report!.Items.Single(i => i.Feature.Uri == "Features/FeatureHookFails.feature");
        Assert.That((never.Status, never.Executions.Count, never.Selected), Is.EqualTo((ScenarioStatus.NotRun, 0, true)), "a BeforeFeature hook failed: it never started");
        Assert.That(result.Gate!.Violations.Single(v => v.Rule == "max-not-run").Scenarios, Does.Contain(never.Name));
        Assert.That(HtmlRenderer.Verdict(result.Report), Does.Contain("1 not run: BeforeFeature hook Hooks.BreakBeforeFeature failed: the shared test account is…"));
    }

    [Test]
    public void The_gate_can_be_had_without_writing_the_HTML()
    {
        var options = Options(Run([new Sc("A"), new Sc("B", Outcome.Fail)]).Write(Path.Combine(Dir, "run.ndjson")));
        options.OutputHtml = null;

        var result = LivingDocGenerator.Generate(options);

        Assert.That((result.Success, result.HtmlPath, result.Gate!.Passed), Is.EqualTo((true, (string?)null, false)));
        Assert.That(Directory.GetFiles(Path.Combine(Dir, "out")).Select(Path.GetFileName), Is.EqualTo(new[] { "LivingDoc.summary.json" }));
        using var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!));
        Assert.That(summary.RootElement.GetProperty("html").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(result.ToString(), Does.StartWith("LivingDoc: no HTML (2 scenarios").And.Contain("Quality gate failed: 1 scenario failed"));
    }

    [Test]
    public void The_command_line_sets_the_gate_and_its_exit_code_follows_it_when_asked()
    {
        var options = Cli.Parse(["--gate-critical-tag", "smoke", "--gate-critical-tag", "@money", "--gate-max-failed", "2", "--gate-max-broken", "3",
            "--gate-max-not-run", "4", "--gate-allow-not-run", @"\(declared", "--gate-min-executed", "5"]);
        Assert.That((options.Gate.CriticalTags, options.Gate.MaxFailed, options.Gate.MaxBroken, options.Gate.MaxNotRun, options.Gate.AllowedNotRun, options.Gate.MinExecuted),
            Is.EqualTo((new List<string> { "smoke", "@money" }, 2, 3, 4, @"\(declared", 5)));
        Assert.That(Cli.Parse([]).Gate.CriticalTags, Is.EqualTo(new[] { "critical" }));
        Assert.That(Cli.Parse(["--gate-critical-tag", "none"]).Gate.CriticalTags, Is.Empty);
        Assert.That(() => Cli.Parse(["--gate-max-failed", "-1"]), Throws.ArgumentException);
        Assert.That(() => Cli.Parse(["--gate-allow-not-run", "(["]), Throws.ArgumentException);

        var input = Run([new Sc("A"), new Sc("B", Outcome.Fail)]).Write(Path.Combine(Dir, "run.ndjson"));
        string[] common = ["-i", input, "-o", Path.Combine(Dir, "cli", "doc.html"), "--summary", Path.Combine(Dir, "cli", "s.json"), "--no-history", "--no-features", "--no-retain"];
        Assert.That(Cli.Run(common), Is.Zero, "the exit code keeps saying whether the document was written");
        Assert.That(Cli.Run([.. common, "--fail-on-gate"]), Is.EqualTo(Cli.GateFailedExitCode));
        Assert.That(Cli.Run([.. common, "--fail-on-gate", "--gate-max-failed", "1"]), Is.Zero);
    }

    // ---------------------------------------------------------------- JSON summary

    [Test]
    public void The_summary_gives_the_gates_verdict_and_rules()
    {
        var result = Generate([new Sc("A"), new Sc("B", Outcome.Fail), new Sc("C", NotRun: Oidc)], o => o.Gate.AllowedNotRun = "declared");

        using var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!));
        var root = summary.RootElement;
        Assert.That(root.GetProperty("verdict").GetString(), Is.EqualTo("failed"));
        var gate = root.GetProperty("gate");
        Assert.That(gate.GetProperty("passed").GetBoolean(), Is.False);
        Assert.That(gate.GetProperty("line").GetString(), Is.EqualTo("Quality gate failed: 1 scenario failed (Gate:MaxFailed is 0): B"));
        var violation = gate.GetProperty("violations").EnumerateArray().Single();
        Assert.That((violation.GetProperty("rule").GetString(), violation.GetProperty("setting").GetString(), violation.GetProperty("message").GetString()),
            Is.EqualTo(("max-failed", "Gate:MaxFailed", "1 scenario failed (Gate:MaxFailed is 0)")));
        Assert.That(violation.GetProperty("scenarios").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "B" }));
        Assert.That(gate.GetProperty("allowedNotRun").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "C" }));
        Assert.That(gate.GetProperty("checks").GetArrayLength(), Is.EqualTo(5));

        string Verdict(IReadOnlyList<Sc> scenarios)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Generate(scenarios).SummaryPath!));
            return json.RootElement.GetProperty("verdict").GetString()!;
        }
        Assert.That(Verdict([new Sc("A"), new Sc("B", Outcome.Broken)]), Is.EqualTo("broken"));
        Assert.That(Verdict([new Sc("A")]), Is.EqualTo("passed"));
        Assert.That(Verdict([new Sc("A", NotRun: Oidc)]), Is.EqualTo("empty"));
    }

    // ---------------------------------------------------------------- the headline

    [Test]
    public void The_headline_says_all_passed_only_when_everything_selected_passed()
    {
        var result = Generate([.. Many("Paid", 4)]);
        var page = File.ReadAllText(result.HtmlPath!);

        Assert.That(page, Does.Contain("<title>Living documentation – All 4 scenarios passed</title>"));
        Assert.That(page, Does.Contain("<span class=\"verdict good\" data-verdict=\"passed\"><span aria-hidden=\"true\">✓</span> <span class=\"vh\">Quality gate passed: </span>All 4 scenarios passed</span>"));
        Assert.That(page, Does.Not.Contain("class=\"gate-line\""));
    }

    [Test]
    public void The_headline_gives_the_counts_and_the_not_run_reasons_shortened()
    {
        Sc[] scenarios = [.. Many("Paid", 67), .. Many("OIDC", 15, notRun: Oidc), .. Many("Bypass", 6, notRun: Bypass)];
        const string headline = "67 passed · 21 not run: sign-in through an OpenID Connect provider, the e2e bypass not offered (declared)";

        var allowed = Generate(scenarios, o => o.Gate.AllowedNotRun = @"\(declared");
        Assert.That(HtmlRenderer.Verdict(allowed.Report!), Is.EqualTo(headline));
        Assert.That(File.ReadAllText(allowed.HtmlPath!), Does.Contain(
            "<span class=\"verdict partial\" data-verdict=\"passed\"><span aria-hidden=\"true\">◐</span> <span class=\"vh\">Quality gate passed with exceptions: </span>" + headline + "</span>"),
            "the gate passed, but not everything ran: not the look of a full pass");

        var strict = Generate(scenarios);
        var page = File.ReadAllText(strict.HtmlPath!);
        Assert.That(page, Does.Contain("<span class=\"verdict bad\" data-verdict=\"failed\"><span aria-hidden=\"true\">✗</span>"));
        Assert.That(page, Does.Contain("<p class=\"gate-line\"><a href=\"#view=summary&amp;at=gate\">Quality gate failed: 21 not run (Gate:MaxNotRun is 0): OIDC 1, OIDC 2, OIDC 3, OIDC 4, OIDC 5 and 16 more</a></p>"),
            "the gate's line under the headline");
    }

    [Test]
    public void The_headline_counts_failures_broken_and_skipped_apart()
    {
        var result = Generate([new Sc("A"), new Sc("B"), new Sc("C", Outcome.Fail), new Sc("D", Outcome.Broken), new Sc("E", Outcome.Broken), new Sc("F", Outcome.Skipped)]);

        Assert.That(HtmlRenderer.Verdict(result.Report!), Is.EqualTo("2 passed · 1 failed · 2 broken · 1 skipped"));
        Assert.That(Headline.Of(Generate([new Sc("A"), new Sc("D", Outcome.Broken)]).Report!).Glyph, Is.EqualTo("↯"), "only the environment failed");
    }

    [Test]
    public void Not_run_reasons_are_made_short()
    {
        Assert.That(Headline.ShortReason(Oidc), Is.EqualTo("sign-in through an OpenID Connect provider not offered (declared)"));
        Assert.That(Headline.ShortReason("the quota service is down."), Is.EqualTo("the quota service is down"));
        Assert.That(Headline.ShortReason("Not run: " + new string('x', 200)), Has.Length.EqualTo(80).And.EndWith("…"));
    }

    [Test]
    public void The_summary_view_has_a_quality_gate_card_with_every_rule()
    {
        var result = Generate([new Sc("A"), new Sc("B", Outcome.Fail)]);
        var page = File.ReadAllText(result.HtmlPath!);
        var card = page[page.IndexOf("<div class=\"card gate-card", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</div>", StringComparison.Ordinal)];

        Assert.That(card, Does.Contain("Quality gate").And.Contain("<span aria-hidden=\"true\">✗</span> Failed"));
        Assert.That(card, Does.Contain("<li class=\"broken\" data-rule=\"max-failed\"><span aria-hidden=\"true\">✗</span> <span class=\"vh\">Broken rule: </span>1 scenario failed (Gate:MaxFailed is 0): B</li>"));
        Assert.That(card, Does.Contain("<li class=\"kept\" data-rule=\"min-executed\">"));
    }
}
