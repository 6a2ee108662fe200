using System.Diagnostics;
using System.Text;
using Acceptance.LivingDoc.History;
using Acceptance.LivingDoc.Input;
using Acceptance.LivingDoc.Model;
using Acceptance.LivingDoc.Rendering;

namespace Acceptance.LivingDoc;

/// <summary>
/// Generates the living documentation: reads the runs' Cucumber messages, the feature files and the history,
/// and writes one offline HTML file and a JSON summary. Never throws for bad input: see <see cref="LivingDocResult.Errors"/>.
/// </summary>
public static class LivingDocGenerator
{
    public static LivingDocResult Generate(LivingDocOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = new LivingDocResult();
        foreach (var input in options.Inputs.Where(input => !File.Exists(input)))
            result.Errors.Add($"Input file not found: {Path.GetFullPath(input)}");
        if (options.Inputs.Count == 0 && options.FeaturesFolder is null)
            result.Errors.Add("Nothing to document: give at least one messages file (--input) or a features folder (--features).");
        if (result.Errors.Count > 0) return result;

        try
        {
            var report = Build(options, result.Warnings);
            result.Phases["read"] = clock.Elapsed.TotalMilliseconds;
            foreach (var run in report.Runs.Where(run => run.Lines > 0 && run.Messages == 0))
                result.Errors.Add($"{run.File} holds no Cucumber message: none of its {run.Lines} lines is a message such as " +
                    "{\"meta\":…}, {\"pickle\":…} or {\"testCaseStarted\":…}. Give the ndjson file a Cucumber \"message\" formatter writes.");
            if (result.Errors.Count > 0)
            {
                result.Elapsed = clock.Elapsed;
                return result;
            }
            report.Gate = QualityGate.Evaluate(report, options.Gate);
            result.Gate = report.Gate;
            result.Report = report;
            if (options.OutputHtml is { } output)
            {
                var html = HtmlRenderer.Render(report, options.Inputs);
                result.Phases["render"] = clock.Elapsed.TotalMilliseconds - result.Phases["read"];
                var htmlPath = Path.GetFullPath(output);
                Directory.CreateDirectory(Path.GetDirectoryName(htmlPath)!);
                var bytes = new UTF8Encoding(false).GetBytes(html);
                File.WriteAllBytes(htmlPath, bytes);
                result.HtmlPath = htmlPath;
                result.HtmlBytes = bytes.Length;
            }
            else result.Phases["render"] = clock.Elapsed.TotalMilliseconds - result.Phases["read"];
            result.Scenarios = report.Items.Count;
            result.Executed = report.Items.Count(item => item.Executions.Count > 0);
            foreach (var status in Statuses.All) result.Counts[status.Slug()] = report.Count(status);
            result.Elapsed = clock.Elapsed;
            result.Phases["write"] = clock.Elapsed.TotalMilliseconds - result.Phases["read"] - result.Phases["render"];
            // Only once the history is full: until then every run's output belongs to a run the history keeps
            // (and nothing of this run, e.g. other test projects' results, can be older than its oldest run).
            if (options.HistoryFolder is not null && report.Executed && report.History.Count >= Math.Max(1, options.HistorySize))
                HistoryStore.Retain(options.RetainFolders, Math.Max(1, options.HistorySize), report.History.Min(run => run.StartedAt), result.Warnings);
            if (options.OutputSummary is not null)
            {
                var summaryPath = Path.GetFullPath(options.OutputSummary);
                Directory.CreateDirectory(Path.GetDirectoryName(summaryPath)!);
                File.WriteAllText(summaryPath, SummaryWriter.Write(report, result));
                result.SummaryPath = summaryPath;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Errors.Add($"Could not write the living documentation: {e.Message}");
        }
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>The model alone, without writing the HTML (the tests use it; evidence files are still written beside OutputHtml, when there is one).</summary>
    public static LivingDocReport Build(LivingDocOptions options, List<string> warnings)
    {
        var report = new LivingDocReport { Title = options.Title };
        var store = new EvidenceStore(options.OutputHtml, options.EmbedImages);
        store.Reset();
        var reader = new MessageReader(store, warnings);
        var labels = Labels(options);
        var runs = options.Inputs.Select(input => reader.Read(input, labels[input])).ToList();

        var disk = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.FeaturesFolder is { } folder)
        {
            if (Directory.Exists(folder))
                foreach (var (uri, path) in FeatureReader.Discover(folder)) disk[uri] = File.ReadAllText(path);
            else warnings.Add($"Features folder not found: {Path.GetFullPath(folder)}; only scenarios in the runs are shown.");
        }
        ReportBuilder.Build(report, disk, runs, new Breakage(options.BrokenErrorTypes, warnings));
        report.Commit = options.Commit ?? EnvironmentReader.GitCommit(options.GitDirectory);
        report.Environment = EnvironmentReader.Read(options.EnvironmentFile, warnings);
        HistoryStore.Apply(report, options.HistoryFolder, Math.Max(1, options.HistorySize), warnings);
        report.DetectionMatrix = DetectionMatrix.Read(options.DetectionMatrix, warnings);
        report.Warnings.AddRange(warnings);
        return report;
    }

    /// <summary>Each input's label: given, else its file name, else (for files of the same name) its folder and name.</summary>
    private static Dictionary<string, string> Labels(LivingDocOptions options)
    {
        var labels = new Dictionary<string, string>();
        var names = options.Inputs.GroupBy(input => Path.GetFileNameWithoutExtension(input)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var input in options.Inputs)
        {
            if (options.Labels.TryGetValue(input, out var label)) labels[input] = label;
            else
            {
                var name = Path.GetFileNameWithoutExtension(input);
                labels[input] = names[name] > 1 ? $"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(input)))}/{name}" : name;
            }
        }
        return labels;
    }
}
