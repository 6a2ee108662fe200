namespace Acceptance.LivingDoc.Model;

/// <summary>What happened to a scenario; ordered from best to worst where it matters.</summary>
public enum ScenarioStatus
{
    Passed,
    Skipped,
    Pending,
    Undefined,
    Failed,
    Ignored,
    NotRun,
    /// <summary>More than one step definition matched a step (Cucumber's AMBIGUOUS).</summary>
    Ambiguous,
    /// <summary>
    /// Failed because the environment failed, not the product: a Before/After hook failed, or the error's type is one
    /// the options name as an environment fault (<see cref="LivingDocOptions.BrokenErrorTypes"/>). A problem, counted apart from Failed.
    /// </summary>
    Broken,
}

public static class Statuses
{
    public static readonly ScenarioStatus[] All =
        [ScenarioStatus.Failed, ScenarioStatus.Broken, ScenarioStatus.Ambiguous, ScenarioStatus.Undefined, ScenarioStatus.Pending, ScenarioStatus.Skipped, ScenarioStatus.Ignored, ScenarioStatus.NotRun, ScenarioStatus.Passed];

    public static string Slug(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.NotRun => "notrun",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.NotRun => "Not run",
        _ => status.ToString(),
    };

    /// <summary>A glyph that carries the status without colour.</summary>
    public static string Icon(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.Passed => "✓",
        ScenarioStatus.Failed => "✗",
        ScenarioStatus.Undefined => "?",
        ScenarioStatus.Pending => "…",
        ScenarioStatus.Skipped => "↷",
        ScenarioStatus.Ignored => "⊘",
        ScenarioStatus.Ambiguous => "⁇",
        ScenarioStatus.Broken => "↯",
        _ => "○",
    };

    /// <summary>One letter for the history files.</summary>
    public static char Letter(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.Passed => 'P',
        ScenarioStatus.Failed => 'F',
        ScenarioStatus.Undefined => 'U',
        ScenarioStatus.Pending => 'D',
        ScenarioStatus.Skipped => 'S',
        ScenarioStatus.Ignored => 'I',
        ScenarioStatus.Ambiguous => 'A',
        ScenarioStatus.Broken => 'B',
        _ => 'N',
    };

    public static ScenarioStatus FromLetter(char letter) => letter switch
    {
        'P' => ScenarioStatus.Passed,
        'F' => ScenarioStatus.Failed,
        'U' => ScenarioStatus.Undefined,
        'D' => ScenarioStatus.Pending,
        'S' => ScenarioStatus.Skipped,
        'I' => ScenarioStatus.Ignored,
        'A' => ScenarioStatus.Ambiguous,
        'B' => ScenarioStatus.Broken,
        _ => ScenarioStatus.NotRun,
    };

    /// <summary>A Cucumber step status (PASSED, FAILED, AMBIGUOUS…) as a scenario status.</summary>
    public static ScenarioStatus FromCucumber(string? status) => status switch
    {
        "PASSED" => ScenarioStatus.Passed,
        "FAILED" => ScenarioStatus.Failed,
        "AMBIGUOUS" => ScenarioStatus.Ambiguous,
        "UNDEFINED" => ScenarioStatus.Undefined,
        "PENDING" => ScenarioStatus.Pending,
        "SKIPPED" => ScenarioStatus.Skipped,
        _ => ScenarioStatus.Skipped,
    };

    /// <summary>
    /// Severity for combining step results, as Cucumber does: failed, ambiguous, undefined, pending, skipped, passed.
    /// Broken (never a step's status) ranks below failed: a product failure is the worse news.
    /// </summary>
    public static int Severity(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.Failed => 7,
        ScenarioStatus.Broken => 6,
        ScenarioStatus.Ambiguous => 5,
        ScenarioStatus.Undefined => 4,
        ScenarioStatus.Pending => 3,
        ScenarioStatus.Skipped => 2,
        ScenarioStatus.Passed => 1,
        _ => 0,
    };

    /// <summary>Needs attention and fails the run: a product problem or a broken environment.</summary>
    public static bool IsProblem(this ScenarioStatus status) => status is ScenarioStatus.Broken || status.IsProductProblem();

    /// <summary>A problem of the product (or its specification): failed, ambiguous, undefined, pending; not Broken.</summary>
    public static bool IsProductProblem(this ScenarioStatus status) =>
        status is ScenarioStatus.Failed or ScenarioStatus.Ambiguous or ScenarioStatus.Undefined or ScenarioStatus.Pending;

    /// <summary>Did not reach a verdict: skipped, ignored or not run.</summary>
    public static bool IsNotRun(this ScenarioStatus status) => status is ScenarioStatus.Skipped or ScenarioStatus.Ignored or ScenarioStatus.NotRun;
}

/// <summary>One runnable thing of the specification: a scenario, or one row of an outline's examples.</summary>
public sealed class ScenarioItem
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required SpecFeature Feature { get; init; }
    public SpecRule? Rule { get; init; }
    public required SpecScenario Scenario { get; init; }
    public SpecExamples? Examples { get; init; }
    public SpecRow? Row { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public List<Execution> Executions { get; } = new();
    /// <summary>A run held its pickle but never started it (a BeforeFeature hook failed, the run stopped).</summary>
    public bool NeverStarted { get; set; }
    /// <summary>Some run selected it: executed, or held its pickle without starting it. Only these are judged by the quality gate.</summary>
    public bool Selected => Executions.Count > 0 || NeverStarted;
    public ScenarioStatus Status { get; set; } = ScenarioStatus.NotRun;
    /// <summary>Why it did not run, when known (a BeforeFeature hook failed, @ignore).</summary>
    public string? NotRunReason { get; set; }
    public bool Flaky { get; set; }
    public string? FlakyReason { get; set; }
    public bool NewlyFailing { get; set; }
    public bool Fixed { get; set; }
    public List<TrendPoint> Trend { get; } = new();
    public Execution? Latest => Executions.Count == 0 ? null : Executions[^1];
    public double DurationMs => Latest?.DurationMs ?? 0;
}

public sealed record TrendPoint(DateTimeOffset StartedAt, string? Commit, ScenarioStatus Status, double DurationMs, bool Current, string? Target = null);

/// <summary>One attempt of one scenario in one run.</summary>
public sealed class Execution
{
    public required RunInfo Run { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool WillBeRetried { get; set; }
    public List<StepResult> Steps { get; } = new();
    public ScenarioStatus Status { get; set; } = ScenarioStatus.Skipped;
    public double DurationMs => StartedAt is { } s && FinishedAt is { } f ? Math.Max(0, (f - s).TotalMilliseconds) : Steps.Sum(step => step.DurationMs);
    public List<HttpExchange> Http { get; } = new();
    public List<WebSocketFrame> Frames { get; } = new();
    public List<FileEvidence> Files { get; } = new();
    /// <summary>The scenario's one ordered timeline (the suite's timeline.jsonl), when it attached one.</summary>
    public List<TimelineEntry> Timeline { get; } = new();
    /// <summary>Load latency figures (the suite's load-latency.json), when it attached them.</summary>
    public LoadLatency? Load { get; set; }
    /// <summary>Why the scenario was stopped before it ran (a step or hook result starting "Not run: ").</summary>
    public string? NotRunReason { get; set; }
    /// <summary>Why a failed execution counts as Broken (the environment failed, not the product); null otherwise.</summary>
    public string? BrokenReason { get; set; }
    public StepResult? FailingStep => Steps.FirstOrDefault(step => step.Status.IsProblem());
}

public sealed class StepResult
{
    public string Keyword { get; set; } = "";
    public required string Text { get; init; }
    /// <summary>The hook's name for a hook step; null for a Gherkin step.</summary>
    public string? Hook { get; init; }
    public int? AstLine { get; init; }
    /// <summary>The step comes from a Background (its pickle step points at a background step).</summary>
    public bool Background { get; init; }
    public ScenarioStatus Status { get; set; } = ScenarioStatus.Skipped;
    public bool Finished { get; set; }
    public double DurationMs { get; set; }
    public string? Error { get; set; }
    public string? ErrorType { get; set; }
    public string? StackTrace { get; set; }
    public string? Snippet { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public List<OutputLine> Output { get; } = new();
    public string Display => Hook is null ? Keyword + Text : Text;
}

public sealed record OutputLine(DateTimeOffset? At, string Text);

public sealed record HttpExchange(
    DateTimeOffset? StartedAt, string Actor, string Intent, string Method, string Url, int? Status, double DurationMs,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders, string RequestBody,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders, string ResponseBody, string? TransportError);

public sealed record WebSocketFrame(string Channel, string Direction, double OffsetMs, string Payload);

public sealed record TimelineEntry(DateTimeOffset? At, string Source, string Actor, string? Channel, string Direction, string Summary);

public sealed record LatencyFigures(double P50, double P95, double P99, IReadOnlyList<double> Samples);

public sealed record LoadLatency(int Users, int Errors, LatencyFigures? FirstEvent, LatencyFigures? Completion, double? FirstEventBudgetP95, double? CompletionBudgetP95);

public enum FileKind { Image, Trace, Text, Other }

public sealed record FileEvidence(string Name, string MediaType, FileKind Kind, DateTimeOffset? At, long Size, string? Href, string? Text);

/// <summary>One input ndjson file: a run or a shard.</summary>
public sealed class RunInfo
{
    public required string Label { get; init; }
    public required string File { get; init; }
    public string? RunId { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool? Success { get; set; }
    public string? Implementation { get; set; }
    public string? Runtime { get; set; }
    public string? Os { get; set; }
    public string? Cpu { get; set; }
    public string? Ci { get; set; }
    public int TestCases { get; set; }
    public string? ProtocolVersion { get; set; }
    /// <summary>Non-blank lines read, and how many of them held a Cucumber message this reader knows.</summary>
    public int Lines { get; set; }
    public int Messages { get; set; }
    public List<RunProblem> Problems { get; } = new();
    /// <summary>What BeforeAll/AfterAll hooks (or anything outside a scenario) attached to the run.</summary>
    public Execution? RunEvidence { get; set; }
}

public sealed record RunProblem(string Title, string Message, string? StackTrace);
