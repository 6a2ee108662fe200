namespace Acceptance.LivingDoc.Model;

/// <summary>A feature file as written: the specification, whether or not it ran.</summary>
public sealed class SpecFeature
{
    public required string Uri { get; init; }
    public string Folder => Uri.Contains('/') ? Uri[..Uri.LastIndexOf('/')] : "";
    public string Language { get; init; } = "en";
    public string Keyword { get; init; } = "Feature";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public SpecBackground? Background { get; init; }
    public List<SpecRule> Rules { get; } = new();
    /// <summary>Scenarios directly under the feature (not in a rule).</summary>
    public List<SpecScenario> Scenarios { get; } = new();
    /// <summary>Why the file could not be read as a specification (syntax error, empty file), or null.</summary>
    public string? Problem { get; init; }

    public IEnumerable<SpecScenario> AllScenarios => Scenarios.Concat(Rules.SelectMany(rule => rule.Scenarios));
}

public sealed class SpecRule
{
    public string Keyword { get; init; } = "Rule";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int Line { get; init; }
    public SpecBackground? Background { get; init; }
    public List<SpecScenario> Scenarios { get; } = new();
}

public sealed class SpecBackground
{
    public string Keyword { get; init; } = "Background";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<SpecStep> Steps { get; init; } = [];
}

public sealed class SpecScenario
{
    public string Keyword { get; init; } = "Scenario";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int Line { get; init; }
    public IReadOnlyList<SpecStep> Steps { get; init; } = [];
    public IReadOnlyList<SpecExamples> Examples { get; init; } = [];
    public bool IsOutline => Examples.Count > 0;
    /// <summary>The report items of this scenario: one, or one per examples row.</summary>
    public List<ScenarioItem> Items { get; } = new();
}

public sealed class SpecExamples
{
    public string Keyword { get; init; } = "Examples";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Header { get; init; } = [];
    public IReadOnlyList<SpecRow> Rows { get; init; } = [];
}

public sealed record SpecRow(int Line, IReadOnlyList<string> Cells);

public sealed class SpecStep
{
    public string Keyword { get; init; } = "";
    public string Text { get; init; } = "";
    public int Line { get; init; }
    public IReadOnlyList<IReadOnlyList<string>>? Table { get; init; }
    public string? DocString { get; init; }
    public string? DocStringMediaType { get; init; }
}
