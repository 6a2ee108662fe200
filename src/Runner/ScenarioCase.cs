using System.Collections.Specialized;
using Gherkin;
using Io.Cucumber.Messages.Types;
using StepKeywordType = Io.Cucumber.Messages.Types.StepKeywordType;
using Reqnroll;

namespace Acceptance.Runner;

/// <summary>How a step is handed to Reqnroll: which of Given/When/Then/And/But, and the keyword as written.</summary>
public enum StepKind { Given, When, Then, And, But }

/// <summary>One step of a scenario case, with outline values already filled in.</summary>
public sealed record StepCall(StepKind Kind, string Keyword, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>>? Table)
{
    /// <summary>The step as a reader sees it in the feature file, e.g. <c>When Alice sends "hi"</c>.</summary>
    public string Display => Keyword.TrimEnd() + " " + Text;

    public Table? ToReqnrollTable()
    {
        if (Table is null || Table.Count == 0) return null;
        var table = new Table(Table[0].ToArray());
        foreach (var row in Table.Skip(1)) table.AddRow(row.ToArray());
        return table;
    }
}

/// <summary>
/// One runnable test: a scenario, or one row of a scenario outline's examples. Built from a Cucumber pickle, so
/// the steps are exactly those the Reqnroll formatters expect (background steps first), in pickle order.
/// </summary>
public sealed class ScenarioCase
{
    public required int PickleIndex { get; init; }

    public required string PickleId { get; init; }

    /// <summary>The test name: the scenario title, plus the examples name and values for an outline row.</summary>
    public required string TestName { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The scenario's own tags plus its examples block's tags (no '@').</summary>
    public required string[] ScenarioTags { get; init; }

    /// <summary>Tags inherited from the feature and the rule (no '@').</summary>
    public required string[] InheritedTags { get; init; }

    public IEnumerable<string> AllTags => InheritedTags.Concat(ScenarioTags).Distinct();

    public RuleInfo? Rule { get; init; }

    public required OrderedDictionary Arguments { get; init; }

    public required IReadOnlyList<StepCall> Steps { get; init; }

    /// <summary>The line of the scenario (or of the examples row) in the feature file.</summary>
    public required int Line { get; init; }

    public bool IsIgnored => AllTags.Any(t => string.Equals(t, "ignore", StringComparison.OrdinalIgnoreCase));

    public ScenarioInfo CreateScenarioInfo() =>
        new(Title, Description, ScenarioTags, Arguments, InheritedTags, PickleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static IReadOnlyList<ScenarioCase> Build(GherkinDocument document, IReadOnlyList<Pickle> pickles, GherkinDialect dialect)
    {
        var scenarios = new Dictionary<string, (Scenario Scenario, Rule? Rule)>();
        var steps = new Dictionary<string, Step>();
        var rows = new Dictionary<string, (Examples Examples, TableRow Row)>();
        foreach (var child in document.Feature.Children)
        {
            if (child.Background is { } background) AddSteps(background.Steps);
            if (child.Scenario is { } scenario) AddScenario(scenario, null);
            if (child.Rule is { } rule)
            {
                foreach (var ruleChild in rule.Children)
                {
                    if (ruleChild.Background is { } ruleBackground) AddSteps(ruleBackground.Steps);
                    if (ruleChild.Scenario is { } ruleScenario) AddScenario(ruleScenario, rule);
                }
            }
        }

        var butKeywords = dialect.ButStepKeywords.Select(k => k.Trim()).Where(k => k != "*").ToHashSet();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var cases = new List<ScenarioCase>();
        for (var index = 0; index < pickles.Count; index++)
        {
            var pickle = pickles[index];
            var (scenario, rule) = scenarios[pickle.AstNodeIds[0]];
            var arguments = new OrderedDictionary();
            var scenarioTags = scenario.Tags.Select(t => t.Name.TrimStart('@')).ToList();
            var testName = pickle.Name.Trim();
            var line = (int)scenario.Location.Line;
            if (pickle.AstNodeIds.Count > 1 && rows.TryGetValue(pickle.AstNodeIds[1], out var example))
            {
                var header = example.Examples.TableHeader?.Cells.Select(c => c.Value).ToList() ?? [];
                var values = example.Row.Cells.Select(c => c.Value).ToList();
                for (var i = 0; i < header.Count && i < values.Count; i++) arguments[header[i]] = values[i];
                scenarioTags.AddRange(example.Examples.Tags.Select(t => t.Name.TrimStart('@')));
                var examplesName = example.Examples.Name.Trim();
                testName += " [" + (examplesName.Length > 0 ? examplesName + ": " : "") + string.Join(", ", values) + "]";
                line = (int)example.Row.Location.Line;
            }

            testName = SafeName(testName);
            names[testName] = names.GetValueOrDefault(testName) + 1;
            if (names[testName] > 1) testName += $" #{names[testName]}";

            var featureTags = document.Feature.Tags.Select(t => t.Name.TrimStart('@'));
            var ruleTags = rule?.Tags.Select(t => t.Name.TrimStart('@')) ?? [];
            cases.Add(new ScenarioCase
            {
                PickleIndex = index,
                PickleId = pickle.Id,
                TestName = testName,
                Title = pickle.Name.Trim(),
                Description = FeatureEntry.TrimDescription(scenario.Description),
                ScenarioTags = scenarioTags.Distinct().ToArray(),
                InheritedTags = featureTags.Concat(ruleTags).Distinct().ToArray(),
                Rule = rule is null ? null : new RuleInfo(rule.Name.Trim(), FeatureEntry.TrimDescription(rule.Description), ruleTags.ToArray()),
                Arguments = arguments,
                Steps = pickle.Steps.Select(s => ToCall(s, steps[s.AstNodeIds[0]], butKeywords)).ToList(),
                Line = line,
            });
        }

        return cases;

        void AddSteps(IEnumerable<Step> list)
        {
            foreach (var step in list) steps[step.Id] = step;
        }

        void AddScenario(Scenario scenario, Rule? rule)
        {
            scenarios[scenario.Id] = (scenario, rule);
            AddSteps(scenario.Steps);
            foreach (var examples in scenario.Examples)
            {
                foreach (var row in examples.TableBody) rows[row.Id] = (examples, row);
            }
        }
    }

    private static StepCall ToCall(PickleStep pickleStep, Step astStep, HashSet<string> butKeywords)
    {
        var kind = astStep.KeywordType switch
        {
            StepKeywordType.CONTEXT => StepKind.Given,
            StepKeywordType.ACTION => StepKind.When,
            StepKeywordType.OUTCOME => StepKind.Then,
            StepKeywordType.CONJUNCTION => butKeywords.Contains(astStep.Keyword.Trim()) ? StepKind.But : StepKind.And,
            // '*' steps take the type the pickle compiler inferred from the steps before them.
            _ => pickleStep.Type switch
            {
                PickleStepType.ACTION => StepKind.When,
                PickleStepType.OUTCOME => StepKind.Then,
                _ => StepKind.Given,
            },
        };
        var table = pickleStep.Argument?.DataTable?.Rows
            .Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToList())
            .ToList();
        return new StepCall(kind, astStep.Keyword, pickleStep.Text, pickleStep.Argument?.DocString?.Content, table);
    }

    // NUnit treats '{' in a test name as a pattern, and the test adapter's filter parser trips over some characters.
    private static string SafeName(string name) =>
        name.Replace('{', '(').Replace('}', ')').Replace('\r', ' ').Replace('\n', ' ');
}
