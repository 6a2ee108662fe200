using Acceptance.Support.Actors;
using Acceptance.Support.Capabilities;
using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Drivers.Load;
using Acceptance.Support.Evidence;
using Acceptance.Support.Oidc;
using Acceptance.Support.Platform;
using Acceptance.Support.Preflight;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Support.Hooks;

/// <summary>
/// Every scenario, in order: stopped at once when the pre-flight failed, reported not run when it needs a capability
/// the deployment does not offer; evidence flushed after each step; channels closed, then evidence saved. The
/// tag-scoped hooks (@browser, @oidc, @load) are the classes below, one per tag, so each is built only for its tag.
/// </summary>
[Binding]
public sealed class ScenarioHooks(ScenarioContext scenario, ScenarioEvidence evidence, Cast cast)
{
    /// <summary>First: after a failed pre-flight every scenario fails at once with its one diagnosis (broken).</summary>
    [BeforeScenario(Order = int.MinValue)]
    public static void StopIfPreflightFailed() => TestRunPreflight.ThrowIfFailed();

    /// <summary>Second: a scenario that needs a capability the deployment does not offer is not run, with the reason.</summary>
    [BeforeScenario(Order = int.MinValue + 1)]
    public async Task StopIfCapabilityMissing()
    {
        if (TestRunPreflight.Diagnosis is not null || TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        if (PlatformCapabilities.ReasonNotToRun(scenario.ScenarioInfo.CombinedTags, capabilities) is { } reason)
            Assert.Ignore($"Not run: {reason}");
    }

    [AfterStep]
    public void FlushEvidence() => evidence.Flush();

    [AfterScenario(Order = 100)]
    public async Task CloseChannels() => await cast.DisposeAsync();

    [AfterScenario(Order = 10_000)]
    public void SaveEvidence() => evidence.Complete();
}

/// <summary>@oidc: the scenario starts once the identity provider answers (waiting is queueing, not the scenario's time).</summary>
[Binding]
public sealed class ProviderHooks(ScenarioEvidence evidence, Acceptance.Runner.ScenarioTimeLimit timeLimit)
{
    [BeforeScenario("oidc", Order = int.MinValue + 10)]
    public Task WaitForTheProvider() => ProviderReadiness.WaitAsync(evidence, timeLimit);
}

/// <summary>@browser: a fresh context on a pooled browser; a screenshot always, the trace when the scenario failed.</summary>
[Binding]
public sealed class BrowserHooks(ScenarioContext scenario, BrowserSession browser)
{
    [BeforeScenario("@browser")]
    public Task StartBrowser() => browser.StartAsync();

    [AfterScenario("@browser", Order = 200)]
    public Task FinishBrowser() => browser.FinishAsync(failed: scenario.TestError is not null);
}

/// <summary>@load: the crowd's channels and the flooding client are closed before the cast gives the users back.</summary>
[Binding]
public sealed class LoadHooks(LoadDriver load)
{
    [AfterScenario("load", Order = 90)]
    public Task CloseTheCrowd() => load.DisposeAsync();
}
