using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Platform;
using Reqnroll;

namespace Acceptance.Support.Hooks;

/// <summary>The run's platform: resolved (and, when local with no endpoints, started) once, stopped at the end.</summary>
[Binding]
public sealed class TestRunHooks
{
    [BeforeTestRun(Order = 0)]
    public static void ResolvePlatform() => TestRunEnvironment.Start();

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
