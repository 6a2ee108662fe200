namespace Acceptance.LivingDoc;

/// <summary>What to read and where to write. <see cref="ForRepository"/> gives the defaults the suite uses.</summary>
public sealed class LivingDocOptions
{
    /// <summary>Cucumber messages (ndjson) files: one run, or several runs or shards to merge.</summary>
    public List<string> Inputs { get; set; } = new();
    /// <summary>The Features/ folder, so that scenarios that never ran still appear. Null: only what the runs hold.</summary>
    public string? FeaturesFolder { get; set; }
    /// <summary>The folder with one small JSON file per past run. Null: no history.</summary>
    public string? HistoryFolder { get; set; }
    public int HistorySize { get; set; } = 10;
    /// <summary>Folders of per-run output (evidence, test results) trimmed to the newest HistorySize entries after each run.</summary>
    public List<string> RetainFolders { get; set; } = new();
    /// <summary>The HTML. Null: no HTML is written (the report is still built and the gate evaluated; the summary still written).</summary>
    public string? OutputHtml { get; set; } = "LivingDoc.html";
    /// <summary>The JSON summary for CI. Null: none.</summary>
    public string? OutputSummary { get; set; }
    /// <summary>An optional environment JSON the suite writes: {"environment": "...", "endpoints": {"api": "..."}, ...}.</summary>
    public string? EnvironmentFile { get; set; }
    /// <summary>The commit the run tested; null: read with `git rev-parse HEAD` in <see cref="GitDirectory"/>.</summary>
    public string? Commit { get; set; }
    public string? GitDirectory { get; set; }
    public bool EmbedImages { get; set; }
    public string Title { get; set; } = "Living documentation";
    /// <summary>Where an input has no label of its own (label=path), it is named after its file.</summary>
    public Dictionary<string, string> Labels { get; set; } = new();
    /// <summary>
    /// Error types (regular expressions matched against the failing step's exception type name) that mean the
    /// environment failed, not the product: a failed scenario whose error matches is Broken. A failed hook is always Broken.
    /// </summary>
    public List<string> BrokenErrorTypes { get; set; } = new();
    /// <summary>The quality gate that decides the run's verdict.</summary>
    public QualityGateOptions Gate { get; set; } = new();
    /// <summary>
    /// The detection matrix (acceptance-detection-matrix/1 JSON): which faults each Then step is proven to catch.
    /// Null: no Proof view. A missing or malformed file is a warning, never an error.
    /// </summary>
    public string? DetectionMatrix { get; set; }

    /// <summary>The defaults for this repository: artifacts/reqnroll-report.ndjson in, artifacts/LivingDoc.html out.</summary>
    public static LivingDocOptions ForRepository(string root)
    {
        var artifacts = Path.Combine(root, "artifacts");
        return new LivingDocOptions
        {
            Inputs = [Path.Combine(artifacts, "reqnroll-report.ndjson")],
            FeaturesFolder = Path.Combine(root, "Features"),
            HistoryFolder = Path.Combine(artifacts, "history"),
            RetainFolders = [Path.Combine(artifacts, "evidence"), Path.Combine(artifacts, "test-results")],
            OutputHtml = Path.Combine(artifacts, "LivingDoc.html"),
            OutputSummary = Path.Combine(artifacts, "LivingDoc.summary.json"),
            EnvironmentFile = Path.Combine(artifacts, "environment.json"),
            GitDirectory = root,
            Title = "Acceptance – living documentation",
            // The suite's own environment exceptions: a failed pre-flight, a configuration fault.
            BrokenErrorTypes = ["PreflightFailedException$", "ConfigurationFaultException$"],
            DetectionMatrix = File.Exists(Path.Combine(root, "docs", "detection-matrix.json")) ? Path.Combine(root, "docs", "detection-matrix.json") : null,
        };
    }

    /// <summary>The repository root above a folder: the nearest with a Features/ folder or a .git entry.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "Features")) || Path.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        return start;
    }
}
