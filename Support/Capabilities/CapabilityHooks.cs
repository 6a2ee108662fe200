using Acceptance.Support.Platform;
using Acceptance.Support.Preflight;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Support.Capabilities;

/// <summary>
/// Declared, not guessed: the run's capabilities (resolved and checked by the pre-flight) are printed once, and a
/// scenario that needs a capability the deployment does not offer is reported as not run ("Not run: …", an NUnit
/// skip) with the reason, neither passed nor failed. Whether a not-run counts against the run is the quality gate's
/// call (Gate:*): an absence the environment declared does not; any other does.
/// </summary>
[Binding]
public sealed class CapabilityHooks(ScenarioContext scenario)
{
    [BeforeTestRun(Order = 20)]
    public static void PrintCapabilities()
    {
        if (PlatformCapabilities.Resolved is not { } capabilities) return;
        foreach (var capability in capabilities.Values) TestContext.Progress.WriteLine($"Capability: {capability.Describe()}");
    }

    [BeforeScenario(Order = int.MinValue + 1)]
    public async Task StopIfCapabilityMissing()
    {
        if (TestRunPreflight.Diagnosis is not null || TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        if (PlatformCapabilities.ReasonNotToRun(scenario.ScenarioInfo.CombinedTags, capabilities) is { } reason)
            Assert.Ignore($"Not run: {reason}");
    }
}
