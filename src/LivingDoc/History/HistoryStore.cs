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

        var previous = current is null ? null : window.Count > 1 ? window[^2] : null;
        foreach (var item in report.Items)
        {
            foreach (var run in window)
                if (run.Scenarios.TryGetValue(item.Id, out var entry))
                    item.Trend.Add(new TrendPoint(run.StartedAt, run.Commit, entry.Status, entry.DurationMs, run.Current));
            if (previous is not null && previous.Scenarios.TryGetValue(item.Id, out var before) && item.Executions.Count > 0)
            {
                item.NewlyFailing = item.Status.IsProblem() && before.Status == ScenarioStatus.Passed;
                item.Fixed = item.Status == ScenarioStatus.Passed && before.Status.IsProblem();
            }
            if (!item.Flaky)
            {
                var commit = item.Trend.Where(point => point.Commit is not null).GroupBy(point => point.Commit)
                    .FirstOrDefault(group => group.Any(p => p.Status == ScenarioStatus.Passed) && group.Any(p => p.Status == ScenarioStatus.Failed));
                if (commit is not null)
                {
                    item.Flaky = true;
                    item.FlakyReason = $"Passed and failed on the same commit {Short(commit.Key)} in the last {window.Count} runs.";
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
            Current = true,
        };
        foreach (var item in report.Items.Where(item => item.Executions.Count > 0))
            run.Scenarios[item.Id] = (item.Status, Math.Round(item.DurationMs));
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
            ["scenarios"] = scenarios,
        };
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
                };
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

    public static string Short(string? commit) => commit is null ? "" : commit.Length > 8 ? commit[..8] : commit;
}
