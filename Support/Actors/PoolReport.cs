using Acceptance.Runner;
using Acceptance.Support.Platform;
using NUnit.Framework;

namespace Acceptance.Support.Actors;

/// <summary>
/// Says before the first scenario where the run's test users come from and whether they suffice. Without a pool
/// (Pool:Enabled false, or a deployment whose settings list no Pool:Users, such as the self-check's runs against
/// a platform it started itself) scenarios share the personas' accounts, as features did before scenarios ran in
/// parallel: the steps tell runs apart by their conversation, but a scenario that signs a persona out everywhere
/// could reach another; list test users to isolate them.
/// </summary>
public static class PoolReport
{
    public static void Describe()
    {
        if (TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var settings = targets.Settings;
        if (Personas.Pool is not { } pool)
        {
            Print(settings.Pool.Enabled
                ? $"Test users: {settings.Environment} lists no Pool:Users, so scenarios share the accounts of Personas (not isolated: list test users to isolate them)."
                : "Test users: the pool is off (Pool:Enabled false): scenarios share the accounts of Personas (not isolated).");
            return;
        }
        Print($"Test users: {pool.Source}; each scenario borrows its own.");
        var crowd = Math.Min(settings.Load.Users, settings.Load.MaxUsers) + 1;
        var loadScenarios = GherkinRun.ScenarioTags(typeof(PoolReport).Assembly).Count(tags => tags.Contains("load", StringComparer.OrdinalIgnoreCase));
        if (loadScenarios > 0 && crowd > pool.Size)
            Print($"Test users: the @load scenarios need {crowd} users at once but the pool holds {pool.Size}: they will fail. " +
                  "List more Pool:Users or lower Load:Users.");
    }

    private static void Print(string line) => TestContext.Progress.WriteLine(line);
}
