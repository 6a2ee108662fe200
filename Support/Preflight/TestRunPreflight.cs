using Acceptance.Support.Capabilities;
using Acceptance.Support.Configuration;
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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = PreflightPlan.From(targets);
        if (!targets.Settings.Preflight.Enabled)
        {
            Print("Pre-flight: the platform checks are skipped (Preflight:Enabled is false); capabilities and personas are still checked.");
        }
        else
        {
            var report = await new PreflightCheck(plan, Print).RunAsync();
            Report = report;
            if (!report.Passed)
            {
                Fail(report.Diagnosis!, report.Elapsed);
                return;
            }
        }
        // Declared, not guessed: a capability that cannot be determined, or that contradicts its declaration, and a
        // persona the features need but the settings lack, stop the run here rather than as quiet "not run" or as
        // a scenario's binding error.
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        var problems = PlatformCapabilities.Problems(capabilities)
            .Concat(PersonaRequirements.Missing(targets.Settings, capabilities.TryGetValue(PlatformCapabilities.DevLoginTag, out var dev) && dev.Offered)).ToList();
        if (problems.Count > 0) Fail(plan.Scrub(string.Join("; ", problems)), clock.Elapsed);
        else if (Report is { } passed) Print(passed.Summary + "; capabilities and personas determined");
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
        Print("No scenario will run: each is reported failed (broken: the environment, not the product) with this diagnosis.");
    }

    private static void Print(string line) => TestContext.Progress.WriteLine(line);
}

/// <summary>A scenario not run because the pre-flight failed. An assertion, so the runner shows its message as it is.</summary>
public sealed class PreflightFailedException(string diagnosis)
    : Acceptance.Runner.ScenarioNotRunException($"Pre-flight failed: {diagnosis} (scenario not run)");
