using System.Reflection;

namespace Acceptance.Runner;

/// <summary>
/// What the run holds, for support code that sizes resources before the first scenario (e.g. a pool of test
/// users): the tags of every scenario case in this run's shard. NUnit filters (--filter) are applied later
/// and are not reflected here, so this is an upper bound.
/// </summary>
public static class GherkinRun
{
    /// <summary>The tags (feature, rule, scenario and examples; no '@') of each scenario case of the shard.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ScenarioTags(Assembly testAssembly)
    {
        var context = RunnerContext.For(testAssembly);
        var shard = context.Settings.Shard;
        return context.Catalog.Entries
            .Where((_, position) => shard.Takes(position))
            .Where(entry => entry.Problem is null)
            .SelectMany(entry => entry.Cases)
            .Where(scenario => !scenario.IsIgnored)
            .Select(scenario => (IReadOnlyList<string>)scenario.AllTags.ToList())
            .ToList();
    }
}
