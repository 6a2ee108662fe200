using System.Globalization;
using System.Xml.Linq;

namespace Acceptance.SelfCheck.Tests;

/// <summary>One scenario's result as the TRX file of a child run records it.</summary>
public sealed record ScenarioOutcome(string Name, string Outcome, TimeSpan Duration, string Message)
{
    public override string ToString() => $"{Outcome} {Name} ({Duration.TotalSeconds:0.0} s){(Message.Length > 0 ? ": " + Message : "")}";
}

/// <summary>A child `dotnet test Acceptance.dll` run and what it left: the scenarios' outcomes and its console output.</summary>
public sealed record SuiteRun(string Name, ChildResult Process, IReadOnlyList<ScenarioOutcome> Scenarios, string Folder)
{
    public IReadOnlyList<ScenarioOutcome> Failed => Scenarios.Where(s => s.Outcome == "Failed").ToList();
    public IReadOnlyList<ScenarioOutcome> Passed => Scenarios.Where(s => s.Outcome == "Passed").ToList();
    public IEnumerable<string> FailedNames => Failed.Select(s => s.Name).Order(StringComparer.Ordinal);

    /// <summary>The scenario cases as the run's Cucumber messages record them, with the step each failed at.</summary>
    public IReadOnlyList<Matrix.ScenarioCase> Cases => _cases ??= File.Exists(MessagesFile) ? Matrix.ScenarioSteps.Read(MessagesFile) : [];

    private IReadOnlyList<Matrix.ScenarioCase>? _cases;

    public string MessagesFile => Path.Combine(Folder, "reqnroll-report.ndjson");

    public IEnumerable<string> OutputLines(string startingWith) =>
        Process.Output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith(startingWith, StringComparison.Ordinal));

    /// <summary>Everything a reader needs when an assertion about this run fails.</summary>
    public string Describe() =>
        $"Run '{Name}' (exit code {Process.ExitCode}, {Process.Took.TotalSeconds:0.0} s, files in {Folder}):\n  " +
        string.Join("\n  ", Scenarios.Select(s => s.ToString().Split('\n')[0])) +
        "\nPre-flight and platform lines:\n  " + string.Join("\n  ", OutputLines("Pre-flight").Concat(OutputLines("Platform:")).Concat(OutputLines("No scenario")));

    /// <summary>Runs the built suite against the given endpoints and settings, with a deadline.</summary>
    public static Task<SuiteRun> RunAsync(string name, string filter, IReadOnlyDictionary<string, string> settings, TimeSpan deadline) =>
        RunAsync(name, ["--filter", filter], $"--filter {filter}", settings, deadline);

    /// <summary>
    /// The same, selecting the scenarios with an NUnit selection expression (`cat == events || name =~ "^…$"`): the
    /// test platform's --filter cannot name a scenario whose name has spaces (the NUnit adapter's translation stops at them).
    /// </summary>
    public static Task<SuiteRun> RunWhereAsync(string name, string where, IReadOnlyDictionary<string, string> settings, TimeSpan deadline) =>
        RunAsync(name, ["--", "NUnit.Where=" + where], $"-- NUnit.Where={where}", settings, deadline);

    private static async Task<SuiteRun> RunAsync(string name, string[] selection, string selectionText,
        IReadOnlyDictionary<string, string> settings, TimeSpan deadline)
    {
        var folder = SelfCheckPaths.Artifacts(name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var trx = Path.Combine(folder, "results.trx");

        var environment = new Dictionary<string, string?>();
        // Nothing of the calling environment's suite settings leaks into the child: only what this run sets.
        foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (variable.StartsWith("ACCEPTANCE_", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("REQNROLL_", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase))
                environment[variable] = null;
        }
        foreach (var (key, value) in settings) environment[key] = value;
        environment["ACCEPTANCE_ENV"] = "local";
        environment["REQNROLL_RUNNER_SCENARIO_TIMEOUT"] = "30";
        // The child runs share the personas' accounts (no pool of test users): a feature's scenarios in order, as before.
        environment["REQNROLL_RUNNER_PARALLEL"] = "features";
        // Reports of child runs go to their own folder, never over the suite's own artifacts/ reports.
        environment["REQNROLL_FORMATTERS_HTML"] = "outputFilePath=" + Path.Combine(folder, "reqnroll-report.html");
        environment["REQNROLL_FORMATTERS_MESSAGE"] = "outputFilePath=" + Path.Combine(folder, "reqnroll-report.ndjson");
        // Nor into its living documentation and history: a self-check run is not a run of the suite.
        environment["ACCEPTANCE_LIVINGDOC"] = "off";
        environment["DOTNET_NOLOGO"] = "1";

        // The selection comes last: "-- NUnit.Where=…" ends the options of dotnet test.
        string[] arguments =
        [
            "test", SelfCheckPaths.SuiteAssembly(),
            "--logger", $"trx;LogFileName={trx}", "--logger", "console;verbosity=normal", "--results-directory", folder,
            .. selection,
        ];
        var process = await ChildProcess.RunAsync("dotnet", arguments, environment, folder, deadline, $"`dotnet test Acceptance.dll {selectionText}` ({name})");
        await File.WriteAllTextAsync(Path.Combine(folder, "console.txt"), process.Output);
        var scenarios = File.Exists(trx) ? ReadTrx(trx) : [];
        return new SuiteRun(name, process, scenarios, folder);
    }

    private static IReadOnlyList<ScenarioOutcome> ReadTrx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var document = XDocument.Load(path);
        return document.Descendants(ns + "UnitTestResult")
            .Select(result => new ScenarioOutcome(
                (string?)result.Attribute("testName") ?? "",
                (string?)result.Attribute("outcome") ?? "",
                TimeSpan.Parse((string?)result.Attribute("duration") ?? "0", CultureInfo.InvariantCulture),
                result.Descendants(ns + "ErrorInfo").Elements(ns + "Message").Select(m => m.Value.Trim()).FirstOrDefault() ?? ""))
            .OrderBy(outcome => outcome.Name, StringComparer.Ordinal)
            .ToList();
    }
}
