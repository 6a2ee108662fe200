using Acceptance.LivingDoc;
using Acceptance.LivingDoc.Bench;

return Cli.Run(args);

namespace Acceptance.LivingDoc
{
    /// <summary>The command line: generate (default) or `bench`.</summary>
    public static class Cli
    {
        public const string Help = """
            Acceptance.LivingDoc – living documentation from Cucumber messages, feature files and past runs.

            Usage:
              livingdoc [options]                       (the installed .NET tool)
              dotnet run --project src/LivingDoc -- [options]
              src/LivingDoc/Bench/real-run.sh [1000]    (the benchmark's input: a generated Reqnroll project run)
              dotnet run --project src/LivingDoc -c Release -- bench --input MESSAGES [--features DIR] [--iterations 5] [--out DIR]

            Paths given on the command line are relative to the current folder, like any command-line tool.
            The defaults are relative to --root (default: the nearest folder above the current one with a
            Features/ folder or .git; else the current folder).

            Options:
              -i, --input [LABEL=]FILE   Cucumber messages ndjson; repeat to merge runs or shards
                                         (default artifacts/reqnroll-report.ndjson)
              -f, --features DIR         the feature files, so never-run scenarios appear (default Features,
                                         when that folder exists)
                  --no-features          only what the runs hold
                  --history DIR          one small JSON per run is kept here (default artifacts/history)
                  --history-size N       runs kept (default 10)
                  --no-history           neither read nor write history
                  --retain DIR           a folder of per-run output (one entry per run) trimmed to the newest
                                         --history-size entries; repeatable (default artifacts/evidence and
                                         artifacts/test-results)
                  --no-retain            trim nothing
              -o, --output FILE          the HTML (default artifacts/LivingDoc.html); screenshots and traces
                                         go to a folder beside it (LivingDoc.files/)
                  --summary FILE         the JSON summary for CI (default artifacts/LivingDoc.summary.json)
                  --no-summary           no JSON summary
                  --environment FILE     environment JSON written by the suite (default artifacts/environment.json)
                  --commit SHA           the commit tested (default: git rev-parse HEAD)
                  --embed-images         put screenshots inside the HTML instead of beside it
                  --title TEXT           the document's title
                  --root DIR             the folder the defaults are relative to
                  --broken-error-type REGEX
                                         a failed scenario whose error type matches is Broken (the environment
                                         failed, not the product); repeatable; replaces the defaults
                                         (PreflightFailedException$, ConfigurationFaultException$); "none" clears.
                                         A failed Before/After hook is always Broken
                  --detection-matrix FILE
                                         which faults each Then step is proven to catch (default
                                         docs/detection-matrix.json, when it exists): the Proof view
                  --no-detection-matrix  no Proof view

            Quality gate (decides the verdict; only scenarios some run selected are judged):
                  --gate-critical-tag TAG   scenarios with this tag must pass; repeatable (default critical;
                                            "none" clears)
                  --gate-max-failed N       most product failures allowed: failed, ambiguous, undefined,
                                            pending (default 0)
                  --gate-max-broken N       most broken scenarios allowed (default 0)
                  --gate-max-not-run N      most selected scenarios not run, skipped or ignored (default 0)
                  --gate-allow-not-run REGEX
                                            a not-run scenario whose reason matches is allowed: exempt from
                                            --gate-max-not-run and the critical rule
                  --gate-min-executed N     at least N selected scenarios ran to a result (default 1)
                  --fail-on-gate            exit with 3 when the gate fails (the document is still written)
              -h, --help                 this text

            Exit codes: 0 written; 2 an input is missing, unreadable or holds no Cucumber message; 1 wrong usage;
            3 the quality gate failed (only with --fail-on-gate).
            """;

        /// <summary>The exit code when --fail-on-gate is given and the quality gate failed.</summary>
        public const int GateFailedExitCode = 3;

        public static int Run(string[] args)
        {
            if (args.Length > 0 && args[0] == "bench") return Benchmark.Run(args[1..]);
            if (args.Contains("-h") || args.Contains("--help") || args.Contains("-?"))
            {
                Console.WriteLine(Help);
                return 0;
            }
            LivingDocOptions options;
            var failOnGate = args.Contains("--fail-on-gate");
            try
            {
                options = Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine("Run with --help for the options.");
                return 1;
            }
            var result = LivingDocGenerator.Generate(options);
            foreach (var warning in WarningSummary.Summarise(result.Warnings)) Console.Error.WriteLine("warning: " + warning);
            foreach (var error in result.Errors) Console.Error.WriteLine("error: " + error);
            if (result.Success)
            {
                Console.WriteLine(result);
                if (result.SummaryPath is not null) Console.WriteLine($"Summary: {result.SummaryPath}");
            }
            if (failOnGate && result.Success && result.Gate is { Passed: false }) return GateFailedExitCode;
            return result.ExitCode;
        }

        public static LivingDocOptions Parse(string[] args)
        {
            var rootIndex = Array.IndexOf(args, "--root");
            var root = rootIndex >= 0 && rootIndex + 1 < args.Length
                ? Path.GetFullPath(args[rootIndex + 1])
                : LivingDocOptions.FindRoot(Directory.GetCurrentDirectory());
            var options = LivingDocOptions.ForRepository(root);
            var inputs = new List<string>();
            var featuresGiven = false;
            var retain = new List<string>();
            var retainOff = false;
            List<string>? brokenTypes = null;
            List<string>? criticalTags = null;
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
                // Paths on the command line are relative to the current folder; only the defaults follow --root.
                string PathValue() => Path.GetFullPath(Value());
                int Count() => int.TryParse(Value(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? n : throw new ArgumentException($"{arg} needs a number, 0 or more.");
                string Regex()
                {
                    var pattern = Value();
                    try { _ = new System.Text.RegularExpressions.Regex(pattern); }
                    catch (ArgumentException e) { throw new ArgumentException($"{arg} {pattern}: not a valid regular expression ({e.Message})."); }
                    return pattern;
                }
                switch (arg)
                {
                    case "-i" or "--input":
                        var input = Value();
                        var equals = input.IndexOf('=');
                        if (equals > 0 && !File.Exists(Path.GetFullPath(input)) && input[..equals].IndexOfAny(['/', '\\']) < 0)
                        {
                            var path = Path.GetFullPath(input[(equals + 1)..]);
                            options.Labels[path] = input[..equals];
                            inputs.Add(path);
                        }
                        else inputs.Add(Path.GetFullPath(input));
                        break;
                    case "-f" or "--features": options.FeaturesFolder = PathValue(); featuresGiven = true; break;
                    case "--no-features": options.FeaturesFolder = null; break;
                    case "--history": options.HistoryFolder = PathValue(); break;
                    case "--history-size":
                        options.HistorySize = int.TryParse(Value(), out var size) && size > 0 ? size : throw new ArgumentException("--history-size needs a positive number.");
                        break;
                    case "--no-history": options.HistoryFolder = null; break;
                    case "--retain": retain.Add(PathValue()); break;
                    case "--no-retain": options.RetainFolders = []; retainOff = true; break;
                    case "-o" or "--output": options.OutputHtml = PathValue(); break;
                    case "--summary": options.OutputSummary = PathValue(); break;
                    case "--no-summary": options.OutputSummary = null; break;
                    case "--environment": options.EnvironmentFile = PathValue(); break;
                    case "--commit": options.Commit = Value(); break;
                    case "--embed-images": options.EmbedImages = true; break;
                    case "--title": options.Title = Value(); break;
                    case "--root": i++; break;
                    case "--broken-error-type":
                        var type = Regex();
                        brokenTypes ??= [];
                        if (type == "none") brokenTypes.Clear(); else brokenTypes.Add(type);
                        break;
                    case "--detection-matrix": options.DetectionMatrix = PathValue(); break;
                    case "--no-detection-matrix": options.DetectionMatrix = null; break;
                    case "--gate-critical-tag":
                        var tag = Value();
                        criticalTags ??= [];
                        if (tag == "none") criticalTags.Clear(); else criticalTags.Add(tag);
                        break;
                    case "--gate-max-failed": options.Gate.MaxFailed = Count(); break;
                    case "--gate-max-broken": options.Gate.MaxBroken = Count(); break;
                    case "--gate-max-not-run": options.Gate.MaxNotRun = Count(); break;
                    case "--gate-allow-not-run": options.Gate.AllowedNotRun = Regex(); break;
                    case "--gate-min-executed": options.Gate.MinExecuted = Count(); break;
                    case "--fail-on-gate": break;
                    default: throw new ArgumentException($"Unknown option {arg}.");
                }
            }
            if (inputs.Count > 0) options.Inputs = inputs;
            if (retain.Count > 0) options.RetainFolders = retainOff ? [] : retain;
            if (brokenTypes is not null) options.BrokenErrorTypes = brokenTypes;
            if (criticalTags is not null) options.Gate.CriticalTags = criticalTags;
            // The default Features/ folder is a convenience: outside a Reqnroll project it is simply not there.
            if (!featuresGiven && options.FeaturesFolder is { } folder && !Directory.Exists(folder)) options.FeaturesFolder = null;
            return options;
        }
    }
}
