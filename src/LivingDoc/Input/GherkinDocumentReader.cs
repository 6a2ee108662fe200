using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// The specification from a run's own gherkinDocument message: the parse the runner made, so that any Gherkin
/// dialect or format it read (Markdown with Gherkin, `.feature.md`) is shown as it ran, without parsing it again.
/// </summary>
public static class GherkinDocumentReader
{
    public static SpecFeature? Read(JsonElement document)
    {
        var uri = MessageReader.Str(document, "uri") ?? "";
        if (!document.TryGetProperty("feature", out var ast) || ast.ValueKind != JsonValueKind.Object) return null;
        var feature = new SpecFeature
        {
            Uri = uri,
            Language = Str(ast, "language", "en"),
            Keyword = Str(ast, "keyword", "Feature").Trim(),
            Name = Str(ast, "name"),
            Description = FeatureReader.Dedent(Str(ast, "description")),
            Tags = Tags(ast),
            Background = Children(ast).Where(c => c.Name == "background").Select(c => ToBackground(c.Value)).FirstOrDefault(),
        };
        foreach (var (name, child) in Children(ast))
        {
            if (name == "scenario") feature.Scenarios.Add(ToScenario(child));
            else if (name == "rule")
            {
                var rule = new SpecRule
                {
                    Keyword = Str(child, "keyword", "Rule").Trim(),
                    Name = Str(child, "name"),
                    Description = FeatureReader.Dedent(Str(child, "description")),
                    Tags = Tags(child),
                    Line = Line(child),
                    Background = Children(child).Where(c => c.Name == "background").Select(c => ToBackground(c.Value)).FirstOrDefault(),
                };
                rule.Scenarios.AddRange(Children(child).Where(c => c.Name == "scenario").Select(c => ToScenario(c.Value)));
                feature.Rules.Add(rule);
            }
        }
        return feature;
    }

    private static IEnumerable<(string Name, JsonElement Value)> Children(JsonElement node)
    {
        if (!node.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array) yield break;
        foreach (var child in children.EnumerateArray())
        {
            if (child.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in child.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Object) yield return (property.Name, property.Value);
        }
    }

    private static SpecBackground ToBackground(JsonElement background) => new()
    {
        Keyword = Str(background, "keyword", "Background").Trim(),
        Name = Str(background, "name"),
        Description = FeatureReader.Dedent(Str(background, "description")),
        Steps = Array(background, "steps").Select(ToStep).ToList(),
    };

    private static SpecScenario ToScenario(JsonElement scenario) => new()
    {
        Keyword = Str(scenario, "keyword", "Scenario").Trim(),
        Name = Str(scenario, "name"),
        Description = FeatureReader.Dedent(Str(scenario, "description")),
        Tags = Tags(scenario),
        Line = Line(scenario),
        Steps = Array(scenario, "steps").Select(ToStep).ToList(),
        Examples = Array(scenario, "examples").Select(examples => new SpecExamples
        {
            Keyword = Str(examples, "keyword", "Examples").Trim(),
            Name = Str(examples, "name"),
            Description = FeatureReader.Dedent(Str(examples, "description")),
            Tags = Tags(examples),
            Header = examples.TryGetProperty("tableHeader", out var header) && header.ValueKind == JsonValueKind.Object ? Cells(header) : [],
            Rows = Array(examples, "tableBody").Select(row => new SpecRow(Line(row), Cells(row))).ToList(),
        }).Where(examples => examples.Rows.Count > 0 || examples.Header.Count > 0).ToList(),
    };

    private static SpecStep ToStep(JsonElement step)
    {
        var hasDoc = step.TryGetProperty("docString", out var doc) && doc.ValueKind == JsonValueKind.Object;
        return new SpecStep
        {
            Keyword = Str(step, "keyword"),
            Text = Str(step, "text"),
            Line = Line(step),
            Table = step.TryGetProperty("dataTable", out var table) && table.ValueKind == JsonValueKind.Object
                ? Array(table, "rows").Select(row => (IReadOnlyList<string>)Cells(row)).ToList()
                : null,
            DocString = hasDoc ? Str(doc, "content") : null,
            DocStringMediaType = hasDoc ? MessageReader.Str(doc, "mediaType") : null,
        };
    }

    private static List<string> Cells(JsonElement row) => Array(row, "cells").Select(cell => Str(cell, "value")).ToList();

    private static IReadOnlyList<string> Tags(JsonElement node) => Array(node, "tags").Select(tag => Str(tag, "name")).ToList();

    private static int Line(JsonElement node) =>
        node.TryGetProperty("location", out var location) && location.TryGetProperty("line", out var line) && line.TryGetInt32(out var value) ? value : 0;

    private static string Str(JsonElement node, string name, string fallback = "") => MessageReader.Str(node, name) ?? fallback;

    private static IEnumerable<JsonElement> Array(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];
}
