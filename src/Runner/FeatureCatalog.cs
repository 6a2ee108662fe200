using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using Reqnroll;

namespace Acceptance.Runner;

/// <summary>
/// The .feature files found under one folder, parsed once per process. A file that cannot be turned into
/// scenarios (syntax error, empty file, no scenarios) becomes an entry with a <see cref="FeatureEntry.Problem"/>,
/// so that it shows up as a failing test instead of silently disappearing from the run.
/// </summary>
public sealed class FeatureCatalog
{
    private static readonly ConcurrentDictionary<string, FeatureCatalog> Cache = new(StringComparer.Ordinal);

    private FeatureCatalog(string root, IReadOnlyList<FeatureEntry> entries)
    {
        Root = root;
        Entries = entries;
    }

    /// <summary>The absolute path of the folder the features were read from.</summary>
    public string Root { get; }

    public IReadOnlyList<FeatureEntry> Entries { get; }

    public static FeatureCatalog For(string root) => Cache.GetOrAdd(Path.GetFullPath(root), Load);

    public FeatureEntry Get(string key) =>
        Entries.FirstOrDefault(e => e.Key == key)
        ?? throw new InvalidOperationException($"No feature '{key}' in the catalog of {Root}.");

    /// <summary>Reads every *.feature file under <paramref name="root"/> (sorted by path).</summary>
    public static FeatureCatalog Load(string root)
    {
        root = Path.GetFullPath(root);
        var folderName = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        if (!Directory.Exists(root))
        {
            return new FeatureCatalog(root, [FeatureEntry.ForProblem(folderName, folderName,
                $"The features folder does not exist: {root}. Put .feature files under it, or point the runner " +
                $"elsewhere with {RunnerSettings.FeaturesFolderVariable}.")]);
        }

        var files = Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return new FeatureCatalog(root, [FeatureEntry.ForProblem(folderName, folderName,
                $"The features folder {root} contains no .feature files.")]);
        }

        var parentOfRoot = Path.GetDirectoryName(root) ?? root;
        var entries = files.Select(f => FeatureEntry.Parse(f, Path.GetRelativePath(parentOfRoot, f).Replace('\\', '/'))).ToList();
        return new FeatureCatalog(root, entries);
    }
}

/// <summary>One .feature file: its Reqnroll <see cref="FeatureInfo"/>, Cucumber messages and scenario cases.</summary>
public sealed class FeatureEntry
{
    private FeatureEntry(string key, string title)
    {
        Key = key;
        Title = title;
    }

    /// <summary>The path relative to the parent of the features folder, with '/', e.g. <c>Features/Chat/Threads.feature</c>.</summary>
    public string Key { get; }

    public string Title { get; private set; }

    /// <summary>Why this file yields no runnable scenarios; null when it parsed into scenarios.</summary>
    public string? Problem { get; private set; }

    public FeatureInfo? Info { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public IReadOnlyList<ScenarioCase> Cases { get; private set; } = [];

    internal static FeatureEntry ForProblem(string key, string title, string problem) =>
        new(key, Path.GetFileName(title)) { Problem = problem };

    internal static FeatureEntry Parse(string path, string key)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            return ForProblem(key, key, $"{key}: cannot be read: {e.Message}");
        }

        Gherkin.Ast.GherkinDocument ast;
        try
        {
            ast = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            return ForProblem(key, key, "Gherkin syntax error" + (e.Errors.Count() > 1 ? "s" : "") + ":" + Environment.NewLine +
                string.Join(Environment.NewLine, e.Errors.Select(err => "  " + Describe(key, err))));
        }
        catch (ParserException e)
        {
            return ForProblem(key, key, "Gherkin syntax error:" + Environment.NewLine + "  " + Describe(key, e));
        }

        if (ast.Feature is null)
        {
            return ForProblem(key, key, $"{key}: the file is empty: it has no 'Feature:' line, so no scenario can run from it.");
        }

        var idPrefix = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8].ToLowerInvariant();
        var ids = new PrefixedIdGenerator(idPrefix);
        var source = new Source(key, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);
        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, key);
        var pickles = new PickleCompiler(ids).Compile(document);
        var feature = document.Feature;
        var entry = new FeatureEntry(key, feature.Name.Trim().Length > 0 ? feature.Name.Trim() : key);
        if (pickles.Count == 0)
        {
            entry.Problem = $"{key}: the feature '{entry.Title}' has no scenarios.";
            return entry;
        }

        var folder = Path.GetDirectoryName(key)?.Replace('\\', '/') ?? "";
        entry.Tags = feature.Tags.Select(t => t.Name.TrimStart('@')).ToList();
        entry.Info = new FeatureInfo(
            CultureInfo.GetCultureInfo(string.IsNullOrEmpty(feature.Language) ? "en" : feature.Language),
            folder,
            entry.Title,
            TrimDescription(feature.Description),
            ProgrammingLanguage.CSharp,
            entry.Tags.ToArray(),
            new FeatureMessages(source, document, pickles));
        entry.Cases = ScenarioCase.Build(document, pickles, new GherkinDialectProvider().GetDialect(feature.Language ?? "en", null));
        return entry;
    }

    private static string Describe(string key, ParserException e) =>
        e.Location is { } l ? $"{key}:{l.Line}:{l.Column}: {StripLocation(e.Message)}" : $"{key}: {e.Message}";

    // Gherkin prefixes its messages with "(line:column): "; the runner prints the location in file:line:column form instead.
    private static string StripLocation(string message)
    {
        if (!message.StartsWith('(')) return message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close > 0 ? message[(close + 3)..] : message;
    }

    internal static string? TrimDescription(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        var lines = description.Replace("\r\n", "\n").Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim();
    }

    private sealed class PrefixedIdGenerator(string prefix) : IIdGenerator
    {
        private int _next;

        public string GetNewId() => $"{prefix}-{_next++}";
    }
}
