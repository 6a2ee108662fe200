using System.Text;
using System.Text.Json;
using Acceptance.LivingDoc.Model;
using Acceptance.LivingDoc.Rendering;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// "A green run is proof": Broken (the environment failed) apart from Failed, and flaky, newly failing and fixed only
/// about the product. From hand-made messages; the fixture's helpers serve <see cref="GateTests"/> too.
/// </summary>
[TestFixture]
public sealed class BrokenAndFlakyTests : FolderPerTest
{
    public BrokenAndFlakyTests() : base("livingdoc-broken") { }

    internal const string Uri = "Features/Shop/Checkout.feature";
    internal const string Preflight = "Pre-flight failed: the API at http://localhost:5000 did not answer (scenario not run)";

    internal enum Outcome { Pass, Fail, Broken, Undefined, Skipped }

    /// <summary>A scenario of the fixture: its name, how it ends (or a "Not run: …" reason), its tags.</summary>
    internal sealed record Sc(string Name, Outcome Outcome = Outcome.Pass, string? NotRun = null, string[]? Tags = null);

    /// <summary>A feature of these scenarios (5 lines each) and a run of them; <paramref name="notSelected"/> are only in the feature.</summary>
    internal static MessagesBuilder Run(IReadOnlyList<Sc> scenarios, DateTimeOffset? start = null, IReadOnlyList<Sc>? notSelected = null)
    {
        var text = new StringBuilder("Feature: Checkout\n");
        var all = scenarios.Concat(notSelected ?? []).ToList();
        for (var i = 0; i < all.Count; i++)
            text.Append('\n').Append("  ").Append(string.Join(' ', all[i].Tags ?? [])).Append('\n')
                .Append("  Scenario: ").Append(all[i].Name).Append('\n')
                .Append("    Given a basket with an apple\n")
                .Append("    Then the basket is paid\n");
        var run = new MessagesBuilder(start).Source(Uri, text.ToString());
        for (var i = 0; i < scenarios.Count; i++)
        {
            var sc = scenarios[i];
            int line = 4 + 5 * i, given = line + 1, then = line + 2;
            Step[] steps = sc.NotRun is { } reason
                ? [FailedWith("Given ", "a basket with an apple", given, reason, "IgnoreException"), Skipped("Then ", "the basket is paid", then)]
                : sc.Outcome switch
                {
                    Outcome.Pass => [Passed("Given ", "a basket with an apple", given), Passed("Then ", "the basket is paid", then)],
                    Outcome.Fail => [Passed("Given ", "a basket with an apple", given), Failed("Then ", "the basket is paid", then, "Expected: paid\n But was: refused")],
                    Outcome.Broken => [HookFailed("BEFORE_TEST_CASE", "TestRunHooks.StopIfPreflightFailed", Preflight, "PreflightFailedException"),
                        Skipped("Given ", "a basket with an apple", given), Skipped("Then ", "the basket is paid", then)],
                    Outcome.Undefined => [Undefined("Given ", "a basket with an apple", given), Skipped("Then ", "the basket is paid", then)],
                    _ => [Skipped("Given ", "a basket with an apple", given), Skipped("Then ", "the basket is paid", then)],
                };
            run.Scenario(Uri, sc.Name, line, steps, sc.Tags);
        }
        return run;
    }

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

    internal static IEnumerable<Sc> Many(string prefix, int count, Outcome outcome = Outcome.Pass, string? notRun = null) =>
        Enumerable.Range(1, count).Select(i => new Sc($"{prefix} {i}", outcome, notRun));

    // ---------------------------------------------------------------- 1: Broken

    [Test]
    public void A_failed_hook_makes_the_scenario_broken_counted_and_shown_apart_from_failed()
    {
        var result = Generate([new Sc("Paying by card"), new Sc("Paying by voucher", Outcome.Fail), new Sc("Paying by cheque", Outcome.Broken)]);

        var cheque = result.Report!.Items.Single(i => i.Name == "Paying by cheque");
        Assert.That(cheque.Status, Is.EqualTo(ScenarioStatus.Broken));
        Assert.That(cheque.Latest!.BrokenReason, Is.EqualTo("BeforeScenario hook TestRunHooks.StopIfPreflightFailed failed"));
        Assert.That((result.Counts["broken"], result.Counts["failed"], result.Counts["passed"]), Is.EqualTo((1, 1, 1)));
        Assert.That((ScenarioStatus.Broken.Slug(), ScenarioStatus.Broken.Label(), ScenarioStatus.Broken.Icon()), Is.EqualTo(("broken", "Broken", "↯")));

        var page = File.ReadAllText(result.HtmlPath!);
        Assert.That(page, Does.Contain("<input type=\"checkbox\" name=\"status\" value=\"broken\">"), "its own status filter");
        var triage = page[page.IndexOf("id=\"view-triage\"", StringComparison.Ordinal)..page.IndexOf("id=\"view-summary\"", StringComparison.Ordinal)];
        var broken = triage[triage.IndexOf("Broken: the environment failed, not the product</h3>", StringComparison.Ordinal)..];
        Assert.That(broken, Does.Contain("BeforeScenario hook TestRunHooks.StopIfPreflightFailed: Pre-flight failed").And.Contain("Paying by cheque"),
            "its own group, with the hook and the error");
        var failures = triage[triage.IndexOf("Failures by cause", StringComparison.Ordinal)..triage.IndexOf("Broken: the environment failed", StringComparison.Ordinal)];
        Assert.That(failures, Does.Contain("Paying by voucher").And.Not.Contain("Paying by cheque"), "listed apart from the product's failures");
        Assert.That(page, Does.Contain("Broken: the environment failed, not the product, at: <q>BeforeScenario hook TestRunHooks.StopIfPreflightFailed</q>"),
            "the specification says why it stopped");

        using var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!));
        Assert.That(summary.RootElement.GetProperty("counts").GetProperty("broken").GetInt32(), Is.EqualTo(1));
        Assert.That(summary.RootElement.GetProperty("failures").EnumerateArray().Select(f => (f.GetProperty("scenario").GetString(), f.GetProperty("status").GetString())),
            Is.EquivalentTo(new[] { ("Paying by voucher", "failed"), ("Paying by cheque", "broken") }));
    }

    [Test]
    public void An_After_hook_that_fails_after_passed_steps_is_broken_but_a_step_failure_before_it_stays_failed()
    {
        var path = new MessagesBuilder().Source(Uri, "Feature: Checkout\n\n  Scenario: A\n    Given a basket with an apple\n\n  Scenario: B\n    Given a basket with an apple\n")
            .Scenario(Uri, "A", 3, [Passed("Given ", "a basket with an apple", 4), HookFailed("AFTER_TEST_CASE", "Hooks.CloseBrowser", "the browser would not close")])
            .Scenario(Uri, "B", 6, [Failed("Given ", "a basket with an apple", 7, "no apple"), HookFailed("AFTER_TEST_CASE", "Hooks.CloseBrowser", "the browser would not close")])
            .Write(Path.Combine(Dir, "run.ndjson"));

        var report = LivingDocGenerator.Generate(Options(path)).Report!;

        Assert.That(report.Items.Select(i => (i.Name, i.Status)), Is.EqualTo(new[] { ("A", ScenarioStatus.Broken), ("B", ScenarioStatus.Failed) }));
    }

    [Test]
    public void A_failure_whose_error_type_matches_a_broken_error_type_is_broken()
    {
        string Write(string name, string? type) => new MessagesBuilder().Source(Uri, "Feature: Checkout\n\n  Scenario: A\n    Given a basket with an apple\n")
            .Scenario(Uri, "A", 3, [FailedWith("Given ", "a basket with an apple", 4, "Configuration fault: Platform:Api is not set", type)])
            .Write(Path.Combine(Dir, name + ".ndjson"));
        ScenarioItem Item(string input, List<string>? types)
        {
            var options = Options(input);
            if (types is not null) options.BrokenErrorTypes = types;
            return LivingDocGenerator.Generate(options).Report!.Items.Single();
        }
        var suite = LivingDocOptions.ForRepository(Dir).BrokenErrorTypes;

        Assert.That(suite, Is.EqualTo(new[] { "PreflightFailedException$", "ConfigurationFaultException$" }), "the suite's own environment exceptions");
        var shortName = Item(Write("short", "ConfigurationFaultException"), suite);
        Assert.That(shortName.Status, Is.EqualTo(ScenarioStatus.Broken), "Reqnroll writes the type's short name");
        Assert.That(shortName.Latest!.BrokenReason, Is.EqualTo("ConfigurationFaultException is an environment fault (broken error type ConfigurationFaultException$)"));
        Assert.That(Item(Write("full", "Acceptance.Support.ConfigurationFaultException"), suite).Status, Is.EqualTo(ScenarioStatus.Broken), "or its full name");
        Assert.That(Item(Write("default", "ConfigurationFaultException"), null).Status, Is.EqualTo(ScenarioStatus.Failed), "no broken error type by default");
        Assert.That(Item(Write("other", "AssertionException"), suite).Status, Is.EqualTo(ScenarioStatus.Failed), "an assertion is the product's failure");
        Assert.That(Item(Write("untyped", null), suite).Status, Is.EqualTo(ScenarioStatus.Failed), "a message without an exception type stays failed");
    }

    [Test]
    public void Reqnroll_messages_carry_the_exception_type()
    {
        var report = LivingDocGenerator.Generate(Options(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "runner-full.ndjson"))).Report!;

        Assert.That(report.Items.Single(i => i.Name == "A failing step").Latest!.FailingStep!.ErrorType, Is.EqualTo("AssertionException"));
        var hook = report.Items.Single(i => i.Name == "A failing BeforeScenario hook");
        Assert.That((hook.Status, hook.Latest!.FailingStep!.ErrorType), Is.EqualTo((ScenarioStatus.Broken, "InvalidOperationException")));
    }

    [Test]
    public void The_history_keeps_broken_as_B_and_reads_it_back()
    {
        var history = Path.Combine(Dir, "history");
        var options = Options(Run([new Sc("Paying by card", Outcome.Broken)]).Write(Path.Combine(Dir, "run1.ndjson")));
        options.HistoryFolder = history;
        LivingDocGenerator.Generate(options);
        options.Inputs = [Run([new Sc("Paying by card")], new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)).Write(Path.Combine(Dir, "run2.ndjson"))];

        var result = LivingDocGenerator.Generate(options);

        var item = result.Report!.Items.Single();
        Assert.That(File.ReadAllText(Directory.GetFiles(history).Order().First()), Does.Contain($"\"{item.Id}\":[\"B\","));
        Assert.That(item.Trend.Select(p => p.Status), Is.EqualTo(new[] { ScenarioStatus.Broken, ScenarioStatus.Passed }));
        Assert.That(item.Fixed, Is.False, "a broken run is no failure of the product, so passing now fixes nothing");
    }

    [Test]
    public void The_command_line_takes_broken_error_types()
    {
        Assert.That(Cli.Parse(["--broken-error-type", "TimeoutException$", "--broken-error-type", "^Docker"]).BrokenErrorTypes,
            Is.EqualTo(new[] { "TimeoutException$", "^Docker" }), "given types replace the defaults");
        Assert.That(Cli.Parse(["--broken-error-type", "none"]).BrokenErrorTypes, Is.Empty);
        Assert.That(() => Cli.Parse(["--broken-error-type", "("]), Throws.ArgumentException.With.Message.Contains("not a valid regular expression"));
    }

    // ---------------------------------------------------------------- 2: flaky is about the product

    private string Environment(string name)
    {
        var path = Path.Combine(Dir, name + ".environment.json");
        File.WriteAllText(path, $"{{\"environment\":\"{name}\",\"endpoints\":{{\"api\":\"https://{name}.example.test/api\"}}}}");
        return path;
    }

    private LivingDocResult HistoryRun(int hour, Outcome outcome, string? environment, string commit = "c0ffee0000")
    {
        var start = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero).AddHours(hour);
        var options = Options(Run([new Sc("Paying by card", outcome)], start).Write(Path.Combine(Dir, $"run{hour}.ndjson")), commit);
        options.HistoryFolder = Path.Combine(Dir, "history");
        options.EnvironmentFile = environment;
        return LivingDocGenerator.Generate(options);
    }

    [Test]
    public void A_broken_run_and_a_passed_run_on_the_same_commit_mark_nothing_flaky()
    {
        var staging = Environment("staging");
        HistoryRun(0, Outcome.Broken, staging);
        var item = HistoryRun(1, Outcome.Pass, staging).Report!.Items.Single();

        Assert.That(item.Trend.Select(p => p.Status), Is.EqualTo(new[] { ScenarioStatus.Broken, ScenarioStatus.Passed }));
        Assert.That((item.Flaky, item.Fixed, item.NewlyFailing), Is.EqualTo((false, false, false)), "the pre-flight failed: the environment, not the product");
    }

    [Test]
    public void Passed_and_failed_on_the_same_commit_against_different_targets_is_not_flaky_and_no_target_equals_only_no_target()
    {
        HistoryRun(0, Outcome.Pass, Environment("staging"));
        Assert.That(HistoryRun(1, Outcome.Fail, Environment("local")).Report!.Items.Single().Flaky, Is.False, "another target");
        Assert.That(HistoryRun(2, Outcome.Fail, null).Report!.Items.Single().Flaky, Is.False, "no target recorded is not the same as staging");
        var none = HistoryRun(3, Outcome.Pass, null).Report!.Items.Single();
        Assert.That(none.Flaky, Is.True, "two runs without a target compare with each other");
        Assert.That(none.FlakyReason, Does.Contain("(none recorded)"));
    }

    [Test]
    public void Passed_and_failed_on_the_same_commit_and_target_is_flaky()
    {
        var staging = Environment("staging");
        HistoryRun(0, Outcome.Pass, staging);
        HistoryRun(1, Outcome.Broken, staging);
        var item = HistoryRun(2, Outcome.Fail, staging).Report!.Items.Single();

        Assert.That(item.Flaky, Is.True);
        Assert.That(item.FlakyReason, Does.Contain("c0ffee00").And.Contain("staging api=https://staging.example.test/api"));
        Assert.That(item.NewlyFailing, Is.True, "failed now, passed at the last verdict: the broken run between is passed over");
    }

    [Test]
    public void Passed_on_one_commit_and_failed_on_another_is_not_flaky()
    {
        var staging = Environment("staging");
        HistoryRun(0, Outcome.Pass, staging, "aaaa1111");
        Assert.That(HistoryRun(1, Outcome.Fail, staging, "bbbb2222").Report!.Items.Single().Flaky, Is.False);
    }
}
