using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Acceptance.Runner.Tests;

/// <summary>One result row of a TRX file.</summary>
public sealed record TrxResult(string Name, string Outcome, string Message, double Seconds, IReadOnlyList<string> Categories);

/// <summary>
/// Runs the sample suite (tests/Runner.Tests/Samples) with `dotnet test` in a child process, exactly as a user
/// would, and reads back its TRX results, its Cucumber messages and the logs its hooks wrote.
/// </summary>
public sealed class SampleRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public required int ExitCode { get; init; }
    public required string Output { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required IReadOnlyList<TrxResult> Results { get; init; }
    public required IReadOnlyList<JsonObject> Messages { get; init; }
    public required IReadOnlyList<string> HookLog { get; init; }
    public required IReadOnlyList<string> Timeline { get; init; }
    public required string WorkDirectory { get; init; }

    public TrxResult Result(string name) =>
        Results.SingleOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"No test named '{name}'. Tests: {string.Join(" | ", Results.Select(r => r.Name))}");

    public static string SamplesOutput =>
        typeof(SampleRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SamplesOutput").Value!;

    /// <summary>
    /// Runs the samples. <paramref name="editConfig"/> edits reqnroll.json of a private copy of the samples'
    /// output folder; <paramref name="environment"/> adds variables; <paramref name="arguments"/> adds dotnet test options.
    /// </summary>
    public static async Task<SampleRun> ExecuteAsync(string name, Action<JsonObject>? editConfig = null,
        IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var work = Path.Combine(Path.GetTempPath(), "runner-tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(work);
        var output = SamplesOutput;
        if (editConfig is not null)
        {
            var copy = Path.Combine(work, "samples");
            CopyDirectory(output, copy);
            var configPath = Path.Combine(copy, "reqnroll.json");
            var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
            editConfig(config);
            File.WriteAllText(configPath, config.ToJsonString());
            output = copy;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = work,
        };
        foreach (var argument in new[] { "test", Path.Combine(output, "Runner.Samples.dll"), "--logger", "trx;LogFileName=" + Path.Combine(work, "results.trx"), "--results-directory", work }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REQNROLL_FORMATTERS_MESSAGE"] = "outputFilePath=" + Path.Combine(work, "messages.ndjson");
        start.Environment["REQNROLL_FORMATTERS_HTML"] = "outputFilePath=" + Path.Combine(work, "report.html");
        start.Environment["SAMPLES_HOOK_LOG"] = Path.Combine(work, "hooks.log");
        start.Environment["SAMPLES_TIMELINE"] = Path.Combine(work, "timeline.log");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet test of the samples ({name}) did not finish within {Deadline.TotalSeconds} s. Output so far:\n{text}");
        }

        text.Append(await stdout).Append(await stderr);
        return new SampleRun
        {
            ExitCode = process.ExitCode,
            Output = text.ToString(),
            Elapsed = clock.Elapsed,
            Results = ReadTrx(Path.Combine(work, "results.trx"), text.ToString()),
            Messages = ReadLines(Path.Combine(work, "messages.ndjson")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList(),
            HookLog = ReadLines(Path.Combine(work, "hooks.log")),
            Timeline = ReadLines(Path.Combine(work, "timeline.log")),
            WorkDirectory = work,
        };
    }

    private static IReadOnlyList<TrxResult> ReadTrx(string path, string output)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"dotnet test wrote no TRX file at {path}. Its output:\n{output}");
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var doc = XDocument.Load(path);
        var categories = doc.Descendants(ns + "UnitTest").ToDictionary(
            t => (string)t.Attribute("id")!,
            t => (IReadOnlyList<string>)t.Descendants(ns + "TestCategoryItem").Select(c => (string)c.Attribute("TestCategory")!).ToList());
        return doc.Descendants(ns + "UnitTestResult").Select(r => new TrxResult(
            (string)r.Attribute("testName")!,
            (string)r.Attribute("outcome")!,
            r.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "",
            TimeSpan.TryParse((string?)r.Attribute("duration"), out var d) ? d.TotalSeconds : 0,
            categories.GetValueOrDefault((string)r.Attribute("testId")!) ?? [])).ToList();
    }

    private static IReadOnlyList<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
