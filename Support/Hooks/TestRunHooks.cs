using Acceptance.Support.Actors;
using Acceptance.Support.Capabilities;
using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Evidence;
using Acceptance.Support.Oidc;
using Acceptance.Support.Platform;
using Acceptance.Support.Preflight;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Support.Hooks;

/// <summary>
/// The run's start and end, in order: every run-level step of the suite is listed here and nowhere else (each is a
/// call into the class that owns it). Scenario-level hooks are in <see cref="ScenarioHooks"/>.
/// </summary>
[Binding]
public sealed class TestRunHooks
{
    /// <summary>1. Resolve the platform under test: the given endpoints, or the reference platform started here.</summary>
    [BeforeTestRun(Order = 0)]
    public static void ResolvePlatform() => TestRunPreflight.ResolvePlatform();

    /// <summary>2. Pre-flight: origins healthy, the auth strategy's token accepted, the agent channel open; capabilities and personas determined.</summary>
    [BeforeTestRun(Order = 10)]
    public static Task CheckPlatform() => TestRunPreflight.RunAsync();

    /// <summary>3. Say where the run's test users come from and whether they suffice.</summary>
    [BeforeTestRun(Order = 20)]
    public static void DescribeTestUsers() => PoolReport.Describe();

    /// <summary>4. Print what the deployment offers (resolved by the pre-flight).</summary>
    [BeforeTestRun(Order = 30)]
    public static void PrintCapabilities()
    {
        if (PlatformCapabilities.Resolved is not { } capabilities) return;
        foreach (var capability in capabilities.Values) TestContext.Progress.WriteLine($"Capability: {capability.Describe()}");
    }

    /// <summary>5. Record what is tested, where and how, for the living documentation (artifacts/environment.json).</summary>
    [BeforeTestRun(Order = 40)]
    public static void RecordEnvironment() => RunRecord.Write();

    /// <summary>6. Start asking the identity provider whether it is ready, in the background (@oidc scenarios wait for it).</summary>
    [BeforeTestRun(Order = 50)]
    public static Task StartWaitingForTheProvider() => ProviderReadiness.StartWaitingAsync();

    /// <summary>Last: close the browsers and stop the platform the run started.</summary>
    [AfterTestRun(Order = 1000)]
    public static async Task StopPlatformAndBrowsers()
    {
        try
        {
            await BrowserPool.CloseAllAsync();
        }
        finally
        {
            TestRunEnvironment.Stop();
        }
    }
}
