using Acceptance.Support.Actors;
using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Evidence;
using Reqnroll;

namespace Acceptance.Support.Hooks;

/// <summary>Per scenario: evidence flushed after each step; channels and browser closed, then evidence saved.</summary>
[Binding]
public sealed class ScenarioHooks(ScenarioEvidence evidence, Cast cast)
{
    [AfterStep]
    public void FlushEvidence() => evidence.Flush();

    [AfterScenario(Order = 100)]
    public async Task CloseChannels() => await cast.DisposeAsync();

    [AfterScenario(Order = 10_000)]
    public void SaveEvidence() => evidence.Complete();
}

[Binding]
public sealed class BrowserHooks(ScenarioContext scenario, BrowserSession browser)
{
    [BeforeScenario("@browser")]
    public Task StartBrowser() => browser.StartAsync();

    [AfterScenario("@browser", Order = 200)]
    public Task FinishBrowser() => browser.FinishAsync(failed: scenario.TestError is not null);
}
