using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Acceptance.Runner;

/// <summary>
/// The runner's own settings: where the features are and how long a scenario may take. Read from the
/// <c>runner</c> section of reqnroll.json in the test output folder, overridden by environment variables.
/// </summary>
public sealed class RunnerSettings
{
    public const string FeaturesFolderVariable = "REQNROLL_RUNNER_FEATURES";
    public const string ScenarioTimeLimitVariable = "REQNROLL_RUNNER_SCENARIO_TIMEOUT";
    public const string ShardVariable = "REQNROLL_RUNNER_SHARD";
    public const string ParallelVariable = "REQNROLL_RUNNER_PARALLEL";
    public const int DefaultScenarioTimeLimitSeconds = 60;

    /// <summary>The absolute path of the features folder.</summary>
    public required string FeaturesFolder { get; init; }

    public required TimeSpan ScenarioTimeLimit { get; init; }

    /// <summary>The part of the features this run takes: shard <c>Index</c> (1-based) of <c>Count</c>; 1 of 1 by default.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>
    /// What runs in parallel: <see cref="Parallelism.Scenarios"/> (the default: any two scenarios, also of one
    /// feature) or <see cref="Parallelism.Features"/> (features in parallel, each feature's scenarios in order).
    /// </summary>
    public Parallelism Parallelism { get; init; } = Parallelism.Scenarios;

    /// <summary>How long a timed-out step gets, after its cancellation token fires, to stop before the runner gives up on it.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);

    public static RunnerSettings Load(string baseDirectory)
    {
        var section = ReadConfig(baseDirectory)?["runner"] as JsonObject;
        var folder = Environment.GetEnvironmentVariable(FeaturesFolderVariable)
                     ?? (string?)section?["featuresFolder"]
                     ?? "Features";
        var seconds = DefaultScenarioTimeLimitSeconds;
        var fromEnv = Environment.GetEnvironmentVariable(ScenarioTimeLimitVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            seconds = ParseSeconds(fromEnv, ScenarioTimeLimitVariable);
        }
        else if (section?["scenarioTimeLimitSeconds"] is JsonValue value)
        {
            seconds = ParseSeconds(value.ToString(), "runner.scenarioTimeLimitSeconds in reqnroll.json");
        }

        var shard = Environment.GetEnvironmentVariable(ShardVariable) is { Length: > 0 } shardText
            ? Shard.Parse(shardText, ShardVariable)
            : section?["shard"] is JsonValue shardValue ? Shard.Parse(shardValue.ToString(), "runner.shard in reqnroll.json") : Shard.All;

        var parallelText = Environment.GetEnvironmentVariable(ParallelVariable) is { Length: > 0 } fromVariable
            ? (fromVariable, ParallelVariable)
            : section?["parallel"] is JsonValue parallelValue ? (parallelValue.ToString(), "runner.parallel in reqnroll.json") : ("scenarios", "");

        return new RunnerSettings
        {
            Parallelism = ParseParallelism(parallelText.Item1, parallelText.Item2),
            FeaturesFolder = Path.GetFullPath(Path.Combine(baseDirectory, folder)),
            ScenarioTimeLimit = TimeSpan.FromSeconds(seconds),
            Shard = shard,
        };
    }

    /// <summary>
    /// Reqnroll resolves relative formatter paths against the test output folder (bin/…). The runner resolves
    /// them against the folder of the project's own reqnroll.json instead, so that reports land in the
    /// repository's artifacts/ folder, by handing Reqnroll absolute paths through its REQNROLL_FORMATTERS_* variables.
    /// A variable the user has set already wins.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RedirectFormatterOutput(string baseDirectory)
    {
        var applied = new Dictionary<string, string>();
        var formatters = ReadConfig(baseDirectory)?["formatters"] as JsonObject;
        if (formatters is null) return applied;
        var projectDirectory = FindProjectDirectory(baseDirectory);
        foreach (var (name, node) in formatters)
        {
            var path = (string?)node?["outputFilePath"];
            if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path)) continue;
            var variable = "REQNROLL_FORMATTERS_" + name.ToUpperInvariant();
            if (Environment.GetEnvironmentVariable(variable) is not null) continue;
            var absolute = Path.GetFullPath(Path.Combine(projectDirectory, path.Replace('\\', '/')));
            Directory.CreateDirectory(Path.GetDirectoryName(absolute)!);
            Environment.SetEnvironmentVariable(variable, "outputFilePath=" + absolute);
            applied[name] = absolute;
        }

        return applied;
    }

    /// <summary>The nearest folder above the output folder that holds reqnroll.json and a project file; else the output folder.</summary>
    public static string FindProjectDirectory(string baseDirectory)
    {
        for (var dir = Directory.GetParent(Path.GetFullPath(baseDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "reqnroll.json")) && dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        return baseDirectory;
    }

    private static JsonNode? ReadConfig(string baseDirectory)
    {
        var path = Path.Combine(baseDirectory, "reqnroll.json");
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static Parallelism ParseParallelism(string text, string source) => text.Trim().ToLowerInvariant() switch
    {
        "scenarios" => Parallelism.Scenarios,
        "features" => Parallelism.Features,
        _ => throw new InvalidOperationException($"{source} must be 'scenarios' or 'features', not '{text}'."),
    };

    private static int ParseSeconds(string text, string source) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new InvalidOperationException($"{source} must be a whole number of seconds above 0, not '{text}'.");
}

/// <summary>What the runner lets NUnit run at the same time.</summary>
public enum Parallelism
{
    /// <summary>Any two scenarios may run at once, also two of one feature; a scenario or feature tagged @serial runs alone.</summary>
    Scenarios,

    /// <summary>Features run in parallel; the scenarios of one feature run one after another in the written order.</summary>
    Features,
}

/// <summary>
/// One part of a run split over several machines: the features, sorted by path, are dealt out in turn, so every
/// feature lands in exactly one shard and the split is the same on every machine.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard All = new(1, 1);

    public bool Takes(int featurePosition) => featurePosition % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";

    public static Shard Parse(string text, string source)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        throw new InvalidOperationException($"{source} must name one shard as <index>/<count> with 1 <= index <= count, e.g. 2/4; not '{text}'.");
    }
}
