using Acceptance.Support.Platform;
using NUnit.Framework;

namespace Acceptance.Support.Preflight;

/// <summary>
/// The run's pre-flight verdict: recorded once in BeforeTestRun (after the platform is resolved) and read by
/// every scenario, so a broken platform ends the run in seconds with one diagnosis instead of a wall of timeouts.
/// </summary>
public static class TestRunPreflight
{
    public static PreflightReport? Report { get; private set; }

    /// <summary>The one reason no scenario can run, or null.</summary>
    public static string? Diagnosis { get; private set; }

    /// <summary>Resolves (and, when local, starts) the platform; a failure becomes the run's diagnosis.</summary>
    public static void ResolvePlatform()
    {
        try
        {
            var targets = TestRunEnvironment.Start();
            if (TestRunEnvironment.PlatformStartTime is { } took)
                Print($"Platform: started the reference platform in {took.TotalSeconds:0.00} s " +
                      $"(auth={targets.Endpoints.Auth}, api={targets.Endpoints.Api}, app={targets.Endpoints.App})");
        }
        catch (Exception exception)
        {
            Fail($"the platform under test could not be resolved: {exception.Message}");
        }
    }

    public static async Task RunAsync()
    {
        if (Diagnosis is not null || TestRunEnvironment.CurrentOrNull is not { } targets) return;
        if (!targets.Settings.Preflight.Enabled)
        {
            Print("Pre-flight: skipped (Preflight:Enabled is false).");
            return;
        }
        var report = await new PreflightCheck(PreflightPlan.From(targets), Print).RunAsync();
        Report = report;
        if (report.Passed) Print(report.Summary);
        else Fail(report.Diagnosis!, report.Elapsed);
    }

    /// <summary>BeforeScenario: throws the one diagnosis when the pre-flight failed.</summary>
    public static void ThrowIfFailed()
    {
        if (Diagnosis is { } diagnosis) throw new PreflightFailedException(diagnosis);
    }

    private static void Fail(string diagnosis, TimeSpan? after = null)
    {
        Diagnosis = diagnosis;
        Print($"Pre-flight failed{(after is { } took ? $" after {took.TotalSeconds:0.00} s" : "")}: {diagnosis}");
        Print("No scenario will run: each is reported failed with this diagnosis.");
    }

    private static void Print(string line) => TestContext.Progress.WriteLine(line);
}

/// <summary>A scenario not run because the pre-flight failed. An assertion, so the runner shows its message as it is.</summary>
public sealed class PreflightFailedException(string diagnosis)
    : Acceptance.Runner.ScenarioNotRunException($"Pre-flight failed: {diagnosis} (scenario not run)");
