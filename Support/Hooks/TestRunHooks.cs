using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Platform;
using Acceptance.Support.Preflight;
using Reqnroll;

namespace Acceptance.Support.Hooks;

/// <summary>
/// The run's platform: resolved (and, when local with no endpoints, started) once, checked by the pre-flight,
/// stopped at the end. Every scenario after a failed pre-flight fails at once with its one diagnosis.
/// </summary>
[Binding]
public sealed class TestRunHooks
{
    [BeforeTestRun(Order = 0)]
    public static void ResolvePlatform() => TestRunPreflight.ResolvePlatform();

    [BeforeTestRun(Order = 10)]
    public static Task CheckPlatform() => TestRunPreflight.RunAsync();

    [BeforeScenario(Order = int.MinValue)]
    public static void StopIfPreflightFailed() => TestRunPreflight.ThrowIfFailed();

    [AfterTestRun(Order = 1000)]
    public static async Task StopPlatformAndBrowsers()
    {
        try
        {
            await BrowserWorker.CloseAllAsync();
        }
        finally
        {
            TestRunEnvironment.Stop();
        }
    }
}
