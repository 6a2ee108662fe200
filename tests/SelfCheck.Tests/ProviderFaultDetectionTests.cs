using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The identity provider's fault switches: each must turn the @oidc scenarios that guard against it red, with a
/// message naming the cause, and leave the other refusals green.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ProviderFaultDetectionTests
{
    private const string Provider = "Category=oidc";
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(4);

    private static async Task<SuiteRun> RunAgainstAsync(string name, string fault, string filter = Provider)
    {
        using var platform = FaultyPlatform.Start(new Dictionary<string, string> { [fault] = "true" });
        var run = await SuiteRun.RunAsync(name, filter, platform.SuiteSettings, ChildDeadline);
        TestContext.Out.WriteLine(run.Describe());
        Assert.That(run.Scenarios, Is.Not.Empty, $"No scenario ran.\n{run.Describe()}\n{run.Process.Output}");
        Assert.That(platform.Secrets.Where(secret => run.Process.Output.Contains(secret)), Is.Empty, "A secret appeared in the run's output.");
        return run;
    }

    private static void AssertFailedExactly(SuiteRun run, params string[] expected)
    {
        Assert.That(run.Process.ExitCode, Is.Not.EqualTo(0), $"The run must fail.\n{run.Describe()}");
        Assert.That(run.FailedNames, Is.EqualTo(expected.Order(StringComparer.Ordinal)), run.Describe());
    }

    private static ScenarioOutcome Failure(SuiteRun run, string name) => run.Failed.Single(s => s.Name == name);

    [Test]
    public async Task PKCE_not_enforced_fails_the_two_PKCE_refusals()
    {
        var run = await RunAgainstAsync("oidc-pkce-not-enforced", "OidcPkceNotEnforced", $"{Provider}&Category=security");
        AssertFailedExactly(run, "A sign-in without PKCE is refused", "A sign-in with plain PKCE is refused");
        Assert.That(Failure(run, "A sign-in without PKCE is refused").Message, Does.Contain("invalid authorization request"));
    }

    [Test]
    public async Task A_nonce_not_echoed_fails_the_ID_token_check_naming_the_nonce()
    {
        var run = await RunAgainstAsync("oidc-nonce-not-echoed", "OidcNonceNotEchoed");
        Assert.That(run.FailedNames, Does.Contain("Alice's ID token is genuine"), run.Describe());
        Assert.That(Failure(run, "Alice's ID token is genuine").Message, Does.Contain("nonce"));
        Assert.That(run.Passed.Select(s => s.Name), Does.Contain("A sign-in without PKCE is refused"), "Refusals that need no ID token still pass.");
    }

    [Test]
    public async Task Any_redirect_uri_followed_fails_the_unregistered_address_scenario()
    {
        var run = await RunAgainstAsync("oidc-any-redirect-uri", "OidcAnyRedirectUri", $"{Provider}&Category=security");
        AssertFailedExactly(run, "A sign-in for an unregistered return address is refused and never followed");
    }

    [Test]
    public async Task Reusable_codes_fail_the_reused_code_scenario()
    {
        var run = await RunAgainstAsync("oidc-reusable-codes", "OidcReusableCodes", $"{Provider}&Category=security");
        Assert.That(run.FailedNames, Does.Contain("A code that was already redeemed is refused"), run.Describe());
        Assert.That(Failure(run, "A code that was already redeemed is refused").Message, Does.Contain("invalid grant"));
        // Nothing is redeemed under this fault, so a used refresh token works again too: that scenario may fail as well.
        Assert.That(run.FailedNames.Except(["A code that was already redeemed is refused", "A provider refresh token that was already used is refused"]),
            Is.Empty, run.Describe());
    }
}
