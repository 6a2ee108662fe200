using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Runner;

/// <summary>
/// The NUnit fixture behind every feature. Derive one class from it in the test assembly and mark it
/// <see cref="GherkinFeaturesAttribute"/>; the runner builds one fixture of it per .feature file.
/// </summary>
public abstract class FeatureFixture
{
    internal const string FeatureKeyProperty = "GherkinFeature";

    /// <summary>Problems found while building the tests, before any settings could be read.</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FeatureEntry> SetupProblems = new();

    /// <summary>The body of every scenario test. <paramref name="caseIndex"/> -1 reports the feature file's problem.</summary>
    public async Task RunScenarioAsync(string featureKey, int caseIndex)
    {
        if (SetupProblems.TryGetValue(featureKey, out var setupProblem))
        {
            throw new ScenarioFailedException(setupProblem.Problem!, null);
        }

        var context = RunnerContext.For(GetType().Assembly);
        var feature = context.Feature(featureKey);
        if (feature.Problem is not null)
        {
            throw new ScenarioFailedException(feature.Problem, null);
        }

        var scenario = feature.Cases[caseIndex];
        var result = await ScenarioExecutor.RunAsync(context.Assembly, feature, scenario, context.Settings);
        result.Report();
    }

    /// <summary>After the feature's last scenario: its AfterFeature hooks run on every runner that ran it.</summary>
    [OneTimeTearDown]
    public async Task ReleaseFeatureAsync()
    {
        var key = TestContext.CurrentContext.Test.Properties.Get(FeatureKeyProperty) as string;
        if (key is null || SetupProblems.ContainsKey(key)) return;
        var feature = RunnerContext.For(GetType().Assembly).Feature(key);
        if (feature.Info is null) return;
        try
        {
            await TestRunnerManager.ReleaseFeatureAsync(feature.Info, GetType().Assembly);
        }
        catch (Exception e)
        {
            var where = e.TargetSite is { } site ? $" ({site.DeclaringType?.Name}.{site.Name})" : "";
            throw new ScenarioFailedException($"An AfterFeature hook of '{feature.Title}' failed{where}: {ScenarioResult.DescribeError(e)}", e);
        }
    }
}
