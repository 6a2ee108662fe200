using System.Security.Cryptography;
using System.Text;
using Acceptance.LivingDoc.Input;

namespace Acceptance.LivingDoc.Model;

/// <summary>
/// Merges the specification (feature files) with the executions of one or more runs: every scenario and every
/// examples row becomes an item, executed or not, each execution remembering the run or shard it came from.
/// </summary>
public static class ReportBuilder
{
    /// <param name="breakage">Which failed executions are Broken (the environment failed); null: only hook failures.</param>
    public static void Build(LivingDocReport report, IReadOnlyDictionary<string, string> diskSources, IReadOnlyList<RunData> runs, Breakage? breakage = null)
    {
        breakage ??= new Breakage(null);
        var ordered = runs.OrderBy(run => run.Run.StartedAt ?? DateTimeOffset.MaxValue).ToList();
        report.Runs.AddRange(ordered.Select(run => run.Run));

        // The feature files on disk are the specification; else the run's own parse (gherkinDocument), which reads
        // every format the runner read (Markdown with Gherkin too); else the run's source text parsed here.
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var parsed = new SortedDictionary<string, SpecFeature>(StringComparer.Ordinal);
        foreach (var run in ordered)
        {
            foreach (var (uri, text) in run.Sources) sources[uri] = text;
            // A document without scenarios where the source text is at hand (a tool that writes only node ids): parse the text.
            foreach (var (uri, feature) in run.Documents)
                if (feature.AllScenarios.Any() || !run.Sources.ContainsKey(uri)) parsed[uri] = feature;
        }
        foreach (var uri in parsed.Keys) sources.Remove(uri);
        foreach (var (uri, text) in diskSources)
        {
            sources[uri] = text;
            parsed.Remove(uri);
        }
        foreach (var uri in sources.Keys.Concat(parsed.Keys).Order(StringComparer.Ordinal))
            report.Features.Add(parsed.TryGetValue(uri, out var feature) ? feature : FeatureReader.Parse(uri, sources[uri]));
        var byLine = new Dictionary<(string, int, int), ScenarioItem>();
        var byName = new Dictionary<(string, string), List<ScenarioItem>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in report.Features) AddItems(report, feature, byLine, byName, keys);

        foreach (var run in ordered)
        {
            foreach (var (pickle, execution) in run.Executions)
            {
                var item = Find(report, pickle, byLine, byName, execution);
                breakage.Apply(execution);
                item.Executions.Add(execution);
                FillKeywords(item, execution);
            }
            foreach (var pickle in run.NeverStarted)
            {
                var item = Find(report, pickle, byLine, byName, null);
                item.NotRunReason = pickle.NotRunReason;
                item.NeverStarted |= pickle.Blocked;
            }
        }

        foreach (var item in report.Items) Settle(item);
    }

    /// <summary>Steps whose keyword the messages did not carry take it from the feature file, by line.</summary>
    private static void FillKeywords(ScenarioItem item, Execution execution)
    {
        if (execution.Steps.All(step => step.Hook is not null || step.Keyword.Length > 0)) return;
        var keywords = item.Scenario.Steps.Concat(item.Feature.Background?.Steps ?? []).Concat(item.Rule?.Background?.Steps ?? [])
            .GroupBy(step => step.Line).ToDictionary(g => g.Key, g => g.First().Keyword);
        foreach (var step in execution.Steps.Where(step => step.Hook is null && step.Keyword.Length == 0 && step.AstLine is not null))
            if (keywords.TryGetValue(step.AstLine!.Value, out var keyword)) step.Keyword = keyword;
    }

    private static void Settle(ScenarioItem item)
    {
        // Stable: attempts without times keep the order the runs gave them.
        var sorted = item.Executions.Select((execution, index) => (execution, index))
            .OrderBy(x => x.execution.StartedAt ?? DateTimeOffset.MinValue).ThenBy(x => x.execution.Attempt).ThenBy(x => x.index)
            .Select(x => x.execution).ToList();
        item.Executions.Clear();
        item.Executions.AddRange(sorted);
        if (item.Executions.Count == 0)
        {
            var ignored = item.Tags.Contains("@ignore", StringComparer.OrdinalIgnoreCase);
            item.Status = ignored ? ScenarioStatus.Ignored : ScenarioStatus.NotRun;
            item.NotRunReason ??= ignored ? "Tagged @ignore." : "No run included it.";
            return;
        }
        item.Status = item.Latest!.Status;
        if (item.Status is ScenarioStatus.Ignored) item.NotRunReason ??= "Tagged @ignore.";
        if (item.Status is ScenarioStatus.NotRun) item.NotRunReason = item.Latest.NotRunReason ?? item.NotRunReason;
        var passed = item.Executions.Where(e => e.Status == ScenarioStatus.Passed).ToList();
        var failed = item.Executions.Where(e => e.Status == ScenarioStatus.Failed).ToList();
        if (passed.Count > 0 && failed.Count > 0)
        {
            item.Flaky = true;
            item.FlakyReason = passed.Concat(failed).Select(e => e.Run).Distinct().Count() == 1
                ? $"Passed and failed in {passed[0].Run.Label} (attempts {string.Join(", ", item.Executions.Select(e => $"{e.Attempt + 1}: {e.Status.Label().ToLowerInvariant()}"))})."
                : $"Passed in {string.Join(", ", passed.Select(e => e.Run.Label).Distinct())}; failed in {string.Join(", ", failed.Select(e => e.Run.Label).Distinct())}.";
        }
    }

    private static void AddItems(LivingDocReport report, SpecFeature feature,
        Dictionary<(string, int, int), ScenarioItem> byLine, Dictionary<(string, string), List<ScenarioItem>> byName, HashSet<string> keys)
    {
        foreach (var (rule, scenario) in feature.Scenarios.Select(s => ((SpecRule?)null, s))
                     .Concat(feature.Rules.SelectMany(rule => rule.Scenarios.Select(s => ((SpecRule?)rule, s)))))
        {
            var tags = feature.Tags.Concat(rule?.Tags ?? []).Concat(scenario.Tags);
            if (!scenario.IsOutline)
            {
                Add(new ScenarioItem
                {
                    Id = "", Key = feature.Uri + "::" + scenario.Name, Feature = feature, Rule = rule, Scenario = scenario,
                    Name = scenario.Name, Tags = tags.Distinct().ToList(),
                }, scenario.Line, 0);
                continue;
            }
            foreach (var examples in scenario.Examples)
                foreach (var row in examples.Rows)
                    Add(new ScenarioItem
                    {
                        Id = "", Key = $"{feature.Uri}::{scenario.Name}::{examples.Name}|{string.Join("|", row.Cells)}",
                        Feature = feature, Rule = rule, Scenario = scenario, Examples = examples, Row = row,
                        Name = Substitute(scenario.Name, examples.Header, row.Cells),
                        Tags = tags.Concat(examples.Tags).Distinct().ToList(),
                    }, scenario.Line, row.Line);
        }

        void Add(ScenarioItem draft, int line, int rowLine)
        {
            var key = draft.Key;
            for (var n = 2; !keys.Add(key); n++) key = $"{draft.Key}#{n}";
            var item = new ScenarioItem
            {
                Id = IdOf(key), Key = key, Feature = draft.Feature, Rule = draft.Rule, Scenario = draft.Scenario, Examples = draft.Examples,
                Row = draft.Row, Name = draft.Name, Tags = draft.Tags,
            };
            draft.Scenario.Items.Add(item);
            report.Items.Add(item);
            byLine[(feature.Uri, line, rowLine)] = item;
            var nameKey = (feature.Uri, item.Name);
            if (!byName.TryGetValue(nameKey, out var list)) byName[nameKey] = list = new List<ScenarioItem>();
            list.Add(item);
        }
    }

    private static ScenarioItem Find(LivingDocReport report, PickleInfo pickle,
        Dictionary<(string, int, int), ScenarioItem> byLine, Dictionary<(string, string), List<ScenarioItem>> byName, Execution? execution)
    {
        if (pickle.ScenarioLine is { } line && byLine.TryGetValue((pickle.Uri, line, pickle.RowLine ?? 0), out var exact) && exact.Name == pickle.Name)
            return exact;
        if (byName.TryGetValue((pickle.Uri, pickle.Name), out var named))
            return named.FirstOrDefault(item => item.Executions.All(e => e.Run != execution?.Run)) ?? named[0];

        // The run executed something the specification no longer has (or whose source is unknown): keep it visible.
        var feature = report.Features.FirstOrDefault(f => f.Uri == pickle.Uri);
        if (feature is null)
        {
            feature = new SpecFeature { Uri = pickle.Uri, Name = Path.GetFileNameWithoutExtension(pickle.Uri), Problem = "The feature file is not in the specification folder; shown as the run saw it." };
            report.Features.Add(feature);
        }
        var scenario = new SpecScenario
        {
            Name = pickle.Name, Line = pickle.ScenarioLine ?? 0,
            Steps = execution?.Steps.Where(step => step.Hook is null).Select(step => new SpecStep { Keyword = step.Keyword, Text = step.Text }).ToList() ?? [],
        };
        feature.Scenarios.Add(scenario);
        var key = pickle.Uri + "::" + pickle.Name + "::(from run)";
        var item = new ScenarioItem { Id = IdOf(key + "#" + report.Items.Count), Key = key, Feature = feature, Scenario = scenario, Name = pickle.Name, Tags = pickle.Tags };
        scenario.Items.Add(item);
        report.Items.Add(item);
        byName[(pickle.Uri, pickle.Name)] = [item];
        return item;
    }

    /// <summary>An outline's name with a row's values put in for its &lt;placeholders&gt;.</summary>
    public static string Substitute(string text, IReadOnlyList<string> header, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < header.Count && i < cells.Count; i++) text = text.Replace("<" + header[i] + ">", cells[i], StringComparison.Ordinal);
        return text;
    }

    /// <summary>A short stable id: the same scenario keeps it across runs (history, links).</summary>
    public static string IdOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..10].ToLowerInvariant();
}
