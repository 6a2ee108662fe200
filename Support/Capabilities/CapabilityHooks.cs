using Acceptance.Support.Platform;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Support.Capabilities;

/// <summary>
/// Declared, not assumed: the run's capabilities are printed once, and a scenario that needs a capability the
/// deployment lacks is reported as not run ("Not run: …", an NUnit skip), neither passed nor failed.
/// </summary>
[Binding]
public sealed class CapabilityHooks(ScenarioContext scenario)
{
    [BeforeTestRun(Order = 20)]
    public static async Task ResolveCapabilities()
    {
        if (TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        foreach (var capability in capabilities.Values) TestContext.Progress.WriteLine($"Capability: {capability.Describe()}");
    }

    [BeforeScenario(Order = int.MinValue + 1)]
    public async Task StopIfCapabilityMissing()
    {
        if (TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        if (PlatformCapabilities.ReasonNotToRun(scenario.ScenarioInfo.CombinedTags, capabilities) is { } reason)
            Assert.Ignore($"Not run: {reason}");
    }
}
