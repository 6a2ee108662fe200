namespace Acceptance.LivingDoc.Model;

/// <summary>Everything the document shows: the specification with its results, the runs, the environment, the history.</summary>
public sealed class LivingDocReport
{
    public required string Title { get; init; }
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;
    public List<SpecFeature> Features { get; } = new();
    public List<ScenarioItem> Items { get; } = new();
    public List<RunInfo> Runs { get; } = new();
    public List<string> Warnings { get; } = new();
    public EnvironmentInfo Environment { get; set; } = new();
    public List<HistoryRun> History { get; } = new();
    public string? Commit { get; set; }
    /// <summary>The quality gate's decision (set by the generator; the renderer evaluates the default gate when it is null).</summary>
    public GateResult? Gate { get; set; }
    /// <summary>Which faults each Then step is proven to catch, when a detection matrix was given and could be read.</summary>
    public DetectionMatrix? DetectionMatrix { get; set; }

    public bool Executed => Items.Any(item => item.Executions.Count > 0);
    public int Count(ScenarioStatus status) => Items.Count(item => item.Status == status);
    public DateTimeOffset? StartedAt => Runs.Select(run => run.StartedAt).Where(at => at is not null).Min();
    public DateTimeOffset? FinishedAt => Runs.Select(run => run.FinishedAt).Where(at => at is not null).Max();

    /// <summary>Passed among scenarios that ran to a result (not ignored, not run or skipped); broken ones count against it.</summary>
    public double? PassRate
    {
        get
        {
            var decided = Items.Count(item => item.Status is ScenarioStatus.Passed || item.Status.IsProblem());
            return decided == 0 ? null : (double)Count(ScenarioStatus.Passed) / decided;
        }
    }
}

public sealed record LoadPoint(double[]? FirstEvent, double[]? Completion);

public sealed class EnvironmentInfo
{
    /// <summary>The target as one comparable text: environment name and endpoints, sorted; null when nothing is known.</summary>
    public string? Target => Name is null && Endpoints.Count == 0
        ? null
        : string.Join(" ", new[] { Name ?? "" }.Concat(Endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")));

    public string? Name { get; set; }
    public List<KeyValuePair<string, string>> Endpoints { get; } = new();
    public List<KeyValuePair<string, string>> Facts { get; } = new();
}

/// <summary>One past (or the current) run as kept in the history folder.</summary>
public sealed class HistoryRun
{
    public required string RunId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public string? Commit { get; init; }
    /// <summary>What the run tested against: the environment and its endpoints (null in runs recorded before it was kept).</summary>
    public string? Target { get; init; }
    public bool Current { get; init; }
    /// <summary>Load scenarios' latency percentiles: scenario id → (first event, completion) p50/p95/p99 in ms.</summary>
    public Dictionary<string, LoadPoint> Load { get; } = new();
    public Dictionary<string, (ScenarioStatus Status, double DurationMs)> Scenarios { get; } = new();

    public double? PassRate
    {
        get
        {
            var decided = Scenarios.Values.Count(s => s.Status is ScenarioStatus.Passed || s.Status.IsProblem());
            return decided == 0 ? null : (double)Scenarios.Values.Count(s => s.Status == ScenarioStatus.Passed) / decided;
        }
    }
}
