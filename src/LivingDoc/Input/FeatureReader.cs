using Acceptance.LivingDoc.Model;
using Gherkin;
using Ast = Gherkin.Ast;

namespace Acceptance.LivingDoc.Input;

/// <summary>Reads Gherkin text into the specification model; a file that cannot be parsed becomes a feature with a problem.</summary>
public static class FeatureReader
{
    /// <summary>The .feature files of a folder, with uris relative to the folder's parent (as the runner names them).</summary>
    public static IEnumerable<(string Uri, string Path)> Discover(string featuresFolder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(featuresFolder).TrimEnd(Path.DirectorySeparatorChar)) ?? featuresFolder;
        return Directory.EnumerateFiles(featuresFolder, "*.feature", SearchOption.AllDirectories)
            .Select(path => (Path.GetRelativePath(parent, path).Replace('\\', '/'), path))
            .OrderBy(entry => entry.Item1, StringComparer.Ordinal);
    }

    public static SpecFeature Parse(string uri, string text)
    {
        Ast.GherkinDocument document;
        try
        {
            document = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            return Problem(uri, "Gherkin syntax error: " + string.Join("; ", e.Errors.Select(error => error.Message)));
        }
        catch (ParserException e)
        {
            return Problem(uri, "Gherkin syntax error: " + e.Message);
        }
        if (document.Feature is null) return Problem(uri, "The file is empty: it has no 'Feature:' line.");

        var ast = document.Feature;
        var feature = new SpecFeature
        {
            Uri = uri,
            Language = ast.Language ?? "en",
            Keyword = ast.Keyword.Trim(),
            Name = ast.Name ?? "",
            Description = Dedent(ast.Description),
            Tags = Tags(ast.Tags),
            Background = ast.Children.OfType<Ast.Background>().Select(ToBackground).FirstOrDefault(),
        };
        foreach (var child in ast.Children)
        {
            switch (child)
            {
                case Ast.Scenario scenario:
                    feature.Scenarios.Add(ToScenario(scenario));
                    break;
                case Ast.Rule rule:
                    var specRule = new SpecRule
                    {
                        Keyword = rule.Keyword.Trim(),
                        Name = rule.Name ?? "",
                        Description = Dedent(rule.Description),
                        Tags = Tags(rule.Tags),
                        Line = (int)rule.Location.Line,
                        Background = rule.Children.OfType<Ast.Background>().Select(ToBackground).FirstOrDefault(),
                    };
                    specRule.Scenarios.AddRange(rule.Children.OfType<Ast.Scenario>().Select(ToScenario));
                    feature.Rules.Add(specRule);
                    break;
            }
        }
        if (!feature.AllScenarios.Any())
            return new SpecFeature
            {
                Uri = uri, Language = feature.Language, Keyword = feature.Keyword, Name = feature.Name, Description = feature.Description,
                Tags = feature.Tags, Problem = "The feature has no scenarios.",
            };
        return feature;
    }

    private static SpecFeature Problem(string uri, string problem) =>
        new() { Uri = uri, Name = Path.GetFileNameWithoutExtension(uri), Problem = problem };

    private static SpecBackground ToBackground(Ast.Background background) => new()
    {
        Keyword = background.Keyword.Trim(),
        Name = background.Name ?? "",
        Description = Dedent(background.Description),
        Steps = background.Steps.Select(ToStep).ToList(),
    };

    private static SpecScenario ToScenario(Ast.Scenario scenario) => new()
    {
        Keyword = scenario.Keyword.Trim(),
        Name = scenario.Name ?? "",
        Description = Dedent(scenario.Description),
        Tags = Tags(scenario.Tags),
        Line = (int)scenario.Location.Line,
        Steps = scenario.Steps.Select(ToStep).ToList(),
        Examples = scenario.Examples.Select(examples => new SpecExamples
        {
            Keyword = examples.Keyword.Trim(),
            Name = examples.Name ?? "",
            Description = Dedent(examples.Description),
            Tags = Tags(examples.Tags),
            Header = examples.TableHeader?.Cells.Select(cell => cell.Value).ToList() ?? [],
            Rows = examples.TableBody?.Select(row => new SpecRow((int)row.Location.Line, row.Cells.Select(cell => cell.Value).ToList())).ToList() ?? [],
        }).ToList(),
    };

    private static SpecStep ToStep(Ast.Step step) => new()
    {
        Keyword = step.Keyword,
        Text = step.Text,
        Line = (int)step.Location.Line,
        Table = step.Argument is Ast.DataTable table
            ? table.Rows.Select(row => (IReadOnlyList<string>)row.Cells.Select(cell => cell.Value).ToList()).ToList()
            : null,
        DocString = (step.Argument as Ast.DocString)?.Content,
        DocStringMediaType = (step.Argument as Ast.DocString)?.ContentType,
    };

    private static IReadOnlyList<string> Tags(IEnumerable<Ast.Tag>? tags) => tags?.Select(tag => tag.Name).ToList() ?? [];

    /// <summary>Descriptions keep the file's indentation; remove the common indent so Markdown reads right.</summary>
    internal static string Dedent(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var indent = lines.Where(line => line.Trim().Length > 0).Select(line => line.Length - line.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart())).Trim('\n');
    }
}
