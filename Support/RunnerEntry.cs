using Acceptance.LivingDoc;
using Acceptance.Runner;
using Acceptance.Support.Capabilities;
using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;
using NUnit.Framework;

// Wires the suite to the run-time runner in src/Runner (Reqnroll's build-time generator is not available here).
[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]
[assembly: Parallelizable(ParallelScope.Fixtures)]
// Scenarios mostly wait (HTTP, the agent channel, the browser): more workers than cores (docs/load.md).
[assembly: LevelOfParallelism(8)]

/// <summary>
/// Starts and ends the Reqnroll test run (BeforeTestRun/AfterTestRun hooks, reports) around every feature, then
/// writes the living documentation from the run's Cucumber messages (artifacts/LivingDoc.html is always fresh) and
/// applies the quality gate (Gate:*, docs/suite.md): a run whose gate fails fails `dotnet test` with one line.
/// </summary>
[SetUpFixture]
public sealed class AcceptanceTestRun : TestRunLifetime
{
    protected override Task OnTestRunFinishedAsync(RunnerSettings settings)
    {
        var options = LivingDocOptions.ForRepository(RepositoryRoot.Find());
        options.Gate = GateOptions(TestRunEnvironment.CurrentOrNull?.Settings ?? SettingsLoader.Load());
        if (Environment.GetEnvironmentVariable("ACCEPTANCE_LIVINGDOC") == "off")
        {
            // Runs that make no living documentation (the self-check's child runs) are still judged by the gate,
            // from their own messages, and leave the shared files alone.
            var messages = MessagesFile();
            if (messages is null || !File.Exists(messages))
                throw new QualityGateFailedException($"Quality gate failed: the run's Cucumber messages ({messages ?? "REQNROLL_FORMATTERS_MESSAGE unset"}) were not written, so the run cannot be judged.");
            options.Inputs = [messages];
            options.OutputHtml = null;
            options.OutputSummary = null;
            options.HistoryFolder = null;
            options.RetainFolders = [];
            options.EnvironmentFile = null;
        }
        var result = LivingDocGenerator.Generate(options);
        var gate = result.Gate ?? throw new QualityGateFailedException("Quality gate failed: LivingDoc gave no verdict.");
        // LivingDoc's own line ends with the gate's.
        TestContext.Progress.WriteLine(options.OutputHtml is not null ? "Living documentation: " + result : gate.Line);
        if (!gate.Passed) throw new QualityGateFailedException(gate.Line);
        return Task.CompletedTask;
    }

    /// <summary>The suite's Gate:* settings as LivingDoc's gate; a declared absence is an allowed reason not to run.</summary>
    public static QualityGateOptions GateOptions(AcceptanceSettings settings) => new()
    {
        CriticalTags = settings.Gate.CriticalTagList.ToList(),
        MaxFailed = settings.Gate.MaxFailed,
        MaxBroken = settings.Gate.MaxBroken,
        MaxNotRun = settings.Gate.MaxNotRun,
        AllowedNotRun = settings.Gate.AllowDeclaredAbsent ? System.Text.RegularExpressions.Regex.Escape(PlatformCapabilities.DeclaredMarker) : null,
        MinExecuted = settings.Gate.MinExecuted,
    };

    private static string? MessagesFile()
    {
        var value = Environment.GetEnvironmentVariable("REQNROLL_FORMATTERS_MESSAGE");
        const string prefix = "outputFilePath=";
        return value is not null && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
    }
}

/// <summary>The quality gate said no: its one line names the rule, its setting and the scenarios.</summary>
public sealed class QualityGateFailedException(string line) : Exception(line);

namespace Acceptance
{
    /// <summary>One NUnit fixture per .feature file under Features/, one test per scenario and examples row.</summary>
    [GherkinFeatures]
    public sealed class Specifications : FeatureFixture;
}
