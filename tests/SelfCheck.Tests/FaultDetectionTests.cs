using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The pre-flight against a faulty platform: a moved agent channel gives one diagnosis in seconds, and a platform that
/// is still starting is waited for, up to a limit. The faults scenarios must catch (one per Then step of the suite)
/// are in the detection matrix (Matrix/DetectionMatrix.cs), which also holds the run with no fault.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class FaultDetectionTests
{
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(3);
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
