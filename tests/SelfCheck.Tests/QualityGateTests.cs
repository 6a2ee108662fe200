using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// A green run is proof: against a deployment without OpenID Connect, the @oidc scenarios are not run; the run is
/// green only when the environment declared that absence (Capabilities:Oidc=false), and fails its quality gate,
/// naming the rule and the scenarios, when the environment was silent.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class QualityGateTests
{
    private const string Selection = "Category=oidc|Category=smoke";
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(3);
    private static readonly Dictionary<string, string> WithoutOidc = new() { ["Platform:Oidc:Enabled"] = "false" };

    private static async Task<SuiteRun> RunAgainstPlatformWithoutOidcAsync(string name, Dictionary<string, string> suiteSettings)
    {
        using var platform = FaultyPlatform.Start(new Dictionary<string, string>(), platform: WithoutOidc);
        var settings = new Dictionary<string, string>(platform.SuiteSettings);
        foreach (var (key, value) in suiteSettings) settings[key] = value;
        var run = await SuiteRun.RunAsync(name, Selection, settings, ChildDeadline);
        TestContext.Out.WriteLine(run.Describe());
        Assert.That(platform.Secrets.Where(secret => run.Process.Output.Contains(secret)), Is.Empty, "A secret appeared in the run's output.");
        return run;
    }

    [Test]
    public async Task Scenarios_not_run_because_the_deployment_lacks_a_capability_the_environment_did_not_declare_fail_the_gate()
    {
        var run = await RunAgainstPlatformWithoutOidcAsync("gate-undeclared-absence", []);

        Assert.That(run.Passed, Has.Count.EqualTo(7), run.Describe());
        Assert.That(run.Scenarios.Count(s => s.Outcome == "NotExecuted"), Is.EqualTo(15), run.Describe());
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), "Nothing failed, yet 15 scenarios did not run: the run must not read as green.\n" + run.Describe());
        var gate = run.OutputLines("Quality gate failed:").Distinct().ToList();
        Assert.That(gate, Has.Count.EqualTo(1), run.Process.Output);
        Assert.That(gate[0], Does.Contain("15 not run (Gate:MaxNotRun is 0)").And.Contain("Alice's ID token is genuine")
            .And.Contain("critical scenario did not pass").And.Contain("Alice signs in through the identity provider in the browser"));
    }

    [Test]
    public async Task Scenarios_not_run_because_the_environment_declared_the_capability_absent_leave_the_run_green_and_say_so()
    {
        var run = await RunAgainstPlatformWithoutOidcAsync("gate-declared-absence", new() { ["ACCEPTANCE_Capabilities__Oidc"] = "false" });

        Assert.That((run.Process.ExitCode, run.Passed.Count, run.Scenarios.Count(s => s.Outcome == "NotExecuted")), Is.EqualTo((0, 7, 15)), run.Describe());
        Assert.That(run.OutputLines("Quality gate passed:").Distinct().Single(), Is.EqualTo("Quality gate passed: 7 passed, 15 not run (allowed)"));
        Assert.That(run.Scenarios.Where(s => s.Outcome == "NotExecuted").Select(s => s.Message).Distinct(),
            Is.EqualTo(new[] { "Not run: the deployment does not offer sign-in through an OpenID Connect provider (declared: Capabilities:Oidc is false)" }));
    }
}
