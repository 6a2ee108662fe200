using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The proof that a green run means something: for each fault switch of the reference platform, the features that
/// should catch it are run against the platform with that fault on, and must fail exactly where expected, with a
/// message that names the cause, within their deadlines. With no fault on, the same features pass.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class FaultDetectionTests
{
    // Every category the fault runs below use: the no-fault run covers them all.
    private const string CatchingFeatures = "Category=events|Category=smoke|(Category=security&Category=websocket)";
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(3);
    // The suite's budgets (Support/Environments/local.json): a scenario that catches a fault fails within them.
    private static readonly TimeSpan CompletionBudget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChannelConnectBudget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PreflightDeadline = TimeSpan.FromSeconds(5);

    private static async Task<SuiteRun> RunAgainstAsync(string name, Dictionary<string, string> faults, string filter,
        Dictionary<string, string>? extraSettings = null)
    {
        using var platform = FaultyPlatform.Start(faults);
        var settings = new Dictionary<string, string>(platform.SuiteSettings);
        foreach (var (key, value) in extraSettings ?? []) settings[key] = value;
        var run = await SuiteRun.RunAsync(name, filter, settings, ChildDeadline);
        TestContext.Out.WriteLine(run.Describe());
        Assert.That(run.Scenarios, Is.Not.Empty, $"No scenario ran.\n{run.Describe()}\n{run.Process.Output}");
        Assert.That(platform.Secrets.Where(secret => run.Process.Output.Contains(secret)), Is.Empty, "A secret appeared in the run's output.");
        return run;
    }

    private static void AssertFailedExactly(SuiteRun run, params string[] expected)
    {
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), $"The run must fail.\n{run.Describe()}");
        Assert.That(run.FailedNames, Is.EqualTo(expected.Order(StringComparer.Ordinal)), run.Describe());
        Assert.That(run.Scenarios.Where(s => s.Outcome is not ("Passed" or "Failed")), Is.Empty, "Every other scenario must pass, none skipped.");
    }

    private static ScenarioOutcome Failure(SuiteRun run, string name) => run.Failed.Single(s => s.Name == name);

    [Test]
    public async Task With_no_fault_the_catching_features_pass()
    {
        var run = await RunAgainstAsync("no-fault", [], CatchingFeatures);
        Assert.That((run.Process.ExitCode, run.Failed.Count, run.Passed.Count == run.Scenarios.Count), Is.EqualTo((0, 0, true)), run.Describe());
        Assert.That(run.Scenarios, Has.Count.GreaterThanOrEqualTo(20), "The catching features hold 23 scenario cases today: the filter selected too little.");
    }

    [Test]
    public async Task A_dropped_event_fails_the_order_and_the_schema_scenarios_naming_the_missing_event_and_every_arrival()
    {
        var run = await RunAgainstAsync("drop-tool_completed", new() { ["DropEvent"] = "tool_completed" }, "Category=events");
        AssertFailedExactly(run, "Alice sees the five events of her run in order", "The tool_completed event is well-formed [tool_completed]");

        var order = Failure(run, "Alice sees the five events of her run in order");
        Assert.That(order.Message, Does.Contain("tool_completed never arrived")
            .And.Match(@"agent_started at \+\d+ ms, agent_thinking at \+\d+ ms, tool_executing at \+\d+ ms, agent_completed at \+\d+ ms"));
        var schema = Failure(run, "The tool_completed event is well-formed [tool_completed]");
        Assert.That(schema.Message, Does.Contain("No tool_completed event arrived")
            .And.Match(@"agent_started at \+\d+ ms, agent_thinking at \+\d+ ms, tool_executing at \+\d+ ms, agent_completed at \+\d+ ms"));
        Assert.That(run.Failed.Where(s => s.Duration > CompletionBudget), Is.Empty, $"Each must fail within the completion budget of {CompletionBudget.TotalSeconds} s.");
    }

    [Test]
    public async Task Swapped_events_fail_only_the_order_scenario_naming_the_swap()
    {
        var run = await RunAgainstAsync("swap-thinking-executing", new() { ["SwapEvents"] = "agent_thinking,tool_executing" }, "Category=events");
        AssertFailedExactly(run, "Alice sees the five events of her run in order");
        var order = Failure(run, "Alice sees the five events of her run in order");
        Assert.That(order.Message, Does.Contain("out of order: tool_executing arrived before agent_thinking")
            .And.Match(@"agent_started at \+\d+ ms, tool_executing at \+\d+ ms, agent_thinking at \+\d+ ms"));
        Assert.That(order.Duration, Is.LessThan(CompletionBudget));
    }

    [Test]
    public async Task Delayed_events_fail_the_promptness_scenario_naming_the_latency_and_the_budget()
    {
        // 1.2 s more per event: the first arrives after ~1.3 s (budget 1 s), the run ends after ~6.5 s (budget 10 s).
        var run = await RunAgainstAsync("delay-1200ms", new() { ["EventDelayMs"] = "1200" }, "Category=latency");
        AssertFailedExactly(run, "The first event arrives promptly");
        Assert.That(run.Passed.Select(s => s.Name), Is.EqualTo(new[] { "The run completes in time" }));
        var prompt = Failure(run, "The first event arrives promptly");
        Assert.That(prompt.Message, Does.Match(@"The first event \(agent_started\) arrived \d+\.\d+ s after the question; the budget is 1 s \(Budgets:FirstEventSeconds\)"));
        Assert.That(prompt.Duration, Is.LessThan(CompletionBudget));
    }

    [Test]
    public async Task An_anonymous_WebSocket_handshake_accepted_fails_exactly_the_anonymous_handshake_scenario()
    {
        var run = await RunAgainstAsync("allow-anonymous-websocket", new() { ["AllowAnonymousWebSocket"] = "true" }, "Category=security&Category=websocket");
        AssertFailedExactly(run, "An anonymous visitor cannot open the agent channel");
        var anonymous = Failure(run, "An anonymous visitor cannot open the agent channel");
        Assert.That(anonymous.Message, Does.Contain("handshake refused").And.Contain("the channel opened (HTTP 101)"));
        Assert.That(anonymous.Duration, Is.LessThan(ChannelConnectBudget));
    }

    [Test]
    public async Task A_moved_WebSocket_gives_one_preflight_diagnosis_naming_the_setting_and_the_URL()
    {
        var run = await RunAgainstAsync("websocket-path-ws", new() { ["WebSocketPath"] = "/ws" }, "Category=smoke");
        var diagnosis = run.OutputLines("Pre-flight failed after").ToList();
        Assert.That(diagnosis, Has.Count.EqualTo(1), $"The diagnosis is printed once.\n{run.Describe()}");
        Assert.That(diagnosis[0], Does.Match(
            @"^Pre-flight failed after (\d+\.\d+) s: WebSocket endpoint ws://127\.0\.0\.1:\d+/api/v1/websocket answered HTTP 404 \(setting Endpoints:WebSocket, derived from Endpoints:Api\)$"));
        AssertEveryScenarioStoppedByThePreflight(run, diagnosis[0]);
    }

    [Test]
    public async Task A_platform_still_starting_is_waited_for_with_progress_and_then_the_run_passes()
    {
        // The child needs a few seconds to reach its pre-flight; the platform says "starting" for 20 s after it listens.
        var run = await RunAgainstAsync("startup-delay-within-wait", new() { ["StartupDelayMs"] = "20000" }, "Category=smoke");
        Assert.That((run.Process.ExitCode, run.Failed.Count), Is.EqualTo((0, 0)), run.Describe());
        Assert.That(run.OutputLines("Pre-flight: waiting for the").ToList(), Has.Count.GreaterThanOrEqualTo(2)
            .And.All.Match(@"^Pre-flight: waiting for the (identity service|backend) to start: http://127\.0\.0\.1:\d+/health answers HTTP 503 \{""status"":""starting""\} \(\d+\.\d s of at most 30 s\)$"),
            run.Describe());
        Assert.That(run.OutputLines("Pre-flight passed in").Single(), Does.Match(@"\(of which \d+\.\d s waiting for the platform to start\)"));
    }

    [Test]
    public async Task A_platform_starting_for_longer_than_the_wait_limit_gives_one_preflight_diagnosis()
    {
        var run = await RunAgainstAsync("startup-delay-beyond-wait", new() { ["StartupDelayMs"] = "600000" }, "Category=smoke",
            new() { ["ACCEPTANCE_Preflight__StartupWaitSeconds"] = "4" });
        var diagnosis = run.OutputLines("Pre-flight failed after").ToList();
        Assert.That(diagnosis, Has.Count.EqualTo(1), run.Describe());
        Assert.That(diagnosis[0], Does.Match(
            @"^Pre-flight failed after (\d+\.\d+) s: (identity service|backend) http://127\.0\.0\.1:\d+/health still answered HTTP 503 \{""status"":""starting""\} after waiting 4 s for the platform to start \(setting Endpoints:(Auth|Api); the wait is Preflight:StartupWaitSeconds\)$"));
        var after = double.Parse(System.Text.RegularExpressions.Regex.Match(diagnosis[0], @"after (\d+\.\d+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(after, Is.InRange(4.0, 4.0 + PreflightDeadline.TotalSeconds), "The diagnosis comes once the wait limit is reached, within 5 s of it.");
        AssertEveryScenarioStoppedByThePreflight(run, diagnosis[0], waitedFirst: true);
    }

    private static void AssertEveryScenarioStoppedByThePreflight(SuiteRun run, string printed, bool waitedFirst = false)
    {
        var match = System.Text.RegularExpressions.Regex.Match(printed, @"^Pre-flight failed after (\d+\.\d+) s: (.*)$");
        var seconds = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var diagnosis = match.Groups[2].Value;
        if (!waitedFirst) Assert.That(seconds, Is.LessThan(PreflightDeadline.TotalSeconds), "The pre-flight diagnoses within 5 s.");
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), run.Describe());
        Assert.That(run.Scenarios.Select(s => (s.Outcome, s.Message)).Distinct().ToList(),
            Is.EqualTo(new[] { ("Failed", $"Pre-flight failed: {diagnosis} (scenario not run)") }),
            "Every scenario fails with the one diagnosis.\n" + run.Describe());
        Assert.That(run.Scenarios.Where(s => s.Duration > PreflightDeadline), Is.Empty, "No scenario waits for anything after a failed pre-flight.");
    }
}
