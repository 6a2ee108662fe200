using Acceptance.Support.Platform;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>A step of a scenario case: Given, When or Then (an And/But takes the keyword before it) and its text.</summary>
public sealed record ScenarioStep(string Keyword, string Text)
{
    public override string ToString() => $"{Keyword} {Text}";
}

/// <summary>A scenario case as the suite's runner makes it from a feature file: one per scenario, one per examples row.</summary>
public sealed record FeatureScenario(string Feature, string Name, IReadOnlyList<string> Tags, IReadOnlyList<ScenarioStep> Steps);

/// <summary>The scenario cases of Features/**/*.feature, compiled into pickles as the runner compiles them (no run needed).</summary>
public static class FeatureScenarios
{
    private static readonly Lazy<IReadOnlyList<FeatureScenario>> Loaded = new(() => Read(RepositoryRoot.Find()));

    public static IReadOnlyList<FeatureScenario> All => Loaded.Value;

    public static IReadOnlyList<FeatureScenario> Read(string repositoryRoot)
    {
        var scenarios = new List<FeatureScenario>();
        var features = Path.Combine(repositoryRoot, "Features");
        foreach (var path in Directory.EnumerateFiles(features, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var uri = "Features/" + Path.GetRelativePath(features, path).Replace('\\', '/');
            var ids = new IncrementingIdGenerator();
            var ast = new Parser().Parse(new StringReader(File.ReadAllText(path)));
            var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, uri);
            foreach (var pickle in new PickleCompiler(ids).Compile(document))
            {
                var steps = pickle.Steps.Select(step => new ScenarioStep(step.Type switch
                {
                    Io.Cucumber.Messages.Types.PickleStepType.CONTEXT => "Given",
                    Io.Cucumber.Messages.Types.PickleStepType.ACTION => "When",
                    Io.Cucumber.Messages.Types.PickleStepType.OUTCOME => "Then",
                    _ => "?",
                }, step.Text)).ToList();
                scenarios.Add(new FeatureScenario(uri, pickle.Name, pickle.Tags.Select(t => t.Name.TrimStart('@')).ToList(), steps));
            }
        }
        return scenarios;
    }
}
