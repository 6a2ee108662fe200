using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.History;

/// <summary>
/// The last N runs, one small JSON file each: scenario id → [status letter, duration ms], with the commit.
/// Regenerating the document for the same run replaces that run's file rather than adding another.
/// </summary>
public static class HistoryStore
{
    public static void Apply(LivingDocReport report, string? folder, int keep, List<string> warnings)
    {
        var current = CurrentRun(report);
        var past = folder is null ? [] : Load(folder, warnings).Where(run => run.RunId != current?.RunId).OrderBy(run => run.StartedAt).ToList();
        if (current is not null) past = past.Where(run => run.StartedAt <= current.StartedAt).ToList();
        var window = past.Skip(Math.Max(0, past.Count - (keep - (current is null ? 0 : 1)))).ToList();
        if (current is not null) window.Add(current);
        report.History.AddRange(window);

        var earlier = current is null ? [] : window.Take(window.Count - 1).Reverse().ToList();
        foreach (var item in report.Items)
        {
            foreach (var run in window)
                if (run.Scenarios.TryGetValue(item.Id, out var entry))
                    item.Trend.Add(new TrendPoint(run.StartedAt, run.Commit, entry.Status, entry.DurationMs, run.Current, run.Target));
            // Newly failing and fixed compare verdicts about the product: a broken run (the environment failed) or one
            // that did not run the scenario says nothing about it, so the comparison looks past it to the last verdict.
            if (item.Executions.Count > 0 && (item.Status == ScenarioStatus.Passed || item.Status.IsProductProblem()))
            {
                var before = earlier.Select(run => run.Scenarios.TryGetValue(item.Id, out var e) ? e.Status : (ScenarioStatus?)null)
                    .FirstOrDefault(status => status is { } s && (s == ScenarioStatus.Passed || s.IsProductProblem()));
                if (before is { } verdict)
                {
                    item.NewlyFailing = item.Status.IsProductProblem() && verdict == ScenarioStatus.Passed;
                    item.Fixed = item.Status == ScenarioStatus.Passed && verdict.IsProductProblem();
                }
            }
            if (!item.Flaky)
            {
                // Flaky is about the product: it both passed and failed (Failed, not Broken, not skipped or not run) on
                // the same commit against the same target, this run included. A failure on another environment is not
                // the same experiment; runs that recorded no target compare only with each other.
                var same = item.Trend.Where(point => point.Commit is not null).GroupBy(point => (point.Commit, point.Target))
                    .FirstOrDefault(group => group.Any(p => p.Status == ScenarioStatus.Passed) && group.Any(p => p.Status == ScenarioStatus.Failed));
                if (same is not null)
                {
                    item.Flaky = true;
                    item.FlakyReason = $"Passed and failed on the same commit {Short(same.Key.Commit)} against the same target" +
                                       (same.Key.Target is { } target ? $" ({target})" : " (none recorded)") + $" in the last {window.Count} runs.";
                }
            }
        }

        if (folder is null || current is null) return;
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, FileName(current)), Serialize(current));
            var files = Directory.EnumerateFiles(folder, "run-*.json").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
            foreach (var stale in files.Take(Math.Max(0, files.Count - keep))) File.Delete(stale);
        }
        catch (IOException e)
        {
            warnings.Add($"History not saved in {folder}: {e.Message}");
        }
    }

    private static HistoryRun? CurrentRun(LivingDocReport report)
    {
        if (!report.Executed) return null;
        var ids = string.Join(",", report.Runs.Select(run => run.RunId ?? run.File).Order(StringComparer.Ordinal));
        var run = new HistoryRun
        {
            RunId = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16].ToLowerInvariant(),
            StartedAt = report.StartedAt ?? report.GeneratedAt,
            Commit = report.Commit,
            Target = report.Environment.Target,
            Current = true,
        };
        foreach (var item in report.Items.Where(item => item.Executions.Count > 0))
        {
            run.Scenarios[item.Id] = (item.Status, Math.Round(item.DurationMs));
            if (item.Latest?.Load is { } load)
                run.Load[item.Id] = new LoadPoint(Percentiles(load.FirstEvent), Percentiles(load.Completion));
        }
        return run;
    }

    private static string FileName(HistoryRun run) =>
        $"run-{run.StartedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}Z-{run.RunId[..8]}.json";

    private static string Serialize(HistoryRun run)
    {
        var scenarios = new JsonObject();
        foreach (var (id, (status, duration)) in run.Scenarios.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            scenarios[id] = new JsonArray(status.Letter().ToString(), duration);
        var root = new JsonObject
        {
            ["version"] = 1,
            ["runId"] = run.RunId,
            ["startedAt"] = run.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["commit"] = run.Commit,
            ["target"] = run.Target,
            ["scenarios"] = scenarios,
        };
        if (run.Load.Count > 0)
        {
            var load = new JsonObject();
            foreach (var (id, point) in run.Load.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                load[id] = new JsonObject { ["firstEvent"] = Array(point.FirstEvent), ["completion"] = Array(point.Completion) };
            root["load"] = load;
        }
        return root.ToJsonString();
    }

    public static List<HistoryRun> Load(string folder, List<string> warnings)
    {
        var runs = new List<HistoryRun>();
        if (!Directory.Exists(folder)) return runs;
        foreach (var file in Directory.EnumerateFiles(folder, "run-*.json"))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var root = document.RootElement;
                var run = new HistoryRun
                {
                    RunId = root.GetProperty("runId").GetString() ?? Path.GetFileName(file),
                    StartedAt = DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture),
                    Commit = root.TryGetProperty("commit", out var commit) && commit.ValueKind == JsonValueKind.String ? commit.GetString() : null,
                    Target = root.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.String ? target.GetString() : null,
                };
                if (root.TryGetProperty("load", out var loads) && loads.ValueKind == JsonValueKind.Object)
                    foreach (var load in loads.EnumerateObject())
                        run.Load[load.Name] = new LoadPoint(ReadArray(load.Value, "firstEvent"), ReadArray(load.Value, "completion"));
                foreach (var scenario in root.GetProperty("scenarios").EnumerateObject())
                {
                    var status = Statuses.FromLetter(scenario.Value[0].GetString() is { Length: > 0 } letter ? letter[0] : 'N');
                    run.Scenarios[scenario.Name] = (status, scenario.Value.GetArrayLength() > 1 ? scenario.Value[1].GetDouble() : 0);
                }
                runs.Add(run);
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or IOException)
            {
                warnings.Add($"{file}: unreadable history file skipped ({e.Message})");
            }
        }
        return runs;
    }

    private static double[]? Percentiles(LatencyFigures? figures) => figures is null ? null : [figures.P50, figures.P95, figures.P99];

    private static JsonNode? Array(double[]? values) => values is null ? null : new JsonArray(values.Select(v => (JsonNode)Math.Round(v, 1)).ToArray());

    private static double[]? ReadArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() == 3
            ? array.EnumerateArray().Select(v => v.GetDouble()).ToArray()
            : null;

    /// <summary>
    /// Keeps per-run output (run folders or files directly under each folder) for the runs the history keeps:
    /// an entry goes when it is older than the oldest run in the history and not among the newest
    /// <paramref name="keep"/>. Evidence and test results no longer grow run after run, and nothing written
    /// during the runs the history still shows (other test projects' results of this run too) is removed.
    /// </summary>
    public static void Retain(IEnumerable<string> folders, int keep, DateTimeOffset oldestKept, List<string> warnings)
    {
        foreach (var folder in folders.Where(Directory.Exists))
        {
            var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderByDescending(entry => entry.LastWriteTimeUtc).ToList();
            foreach (var stale in entries.Skip(keep).Where(entry => entry.LastWriteTimeUtc < oldestKept.UtcDateTime))
            {
                try
                {
                    if (stale is DirectoryInfo directory) directory.Delete(true); else stale.Delete();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    warnings.Add($"Could not remove {stale.FullName} (keeping the last {keep} runs): {e.Message}");
                }
            }
        }
    }

    public static string Short(string? commit) => commit is null ? "" : commit.Length > 8 ? commit[..8] : commit;
}
