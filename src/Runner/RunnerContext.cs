using System.Collections.Concurrent;
using System.Reflection;

namespace Acceptance.Runner;

/// <summary>The settings and feature catalog of one test assembly, loaded once per process.</summary>
internal sealed class RunnerContext
{
    private static readonly ConcurrentDictionary<Assembly, RunnerContext> Contexts = new();

    private RunnerContext(Assembly assembly)
    {
        Assembly = assembly;
        BaseDirectory = Path.GetDirectoryName(assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;
        Settings = RunnerSettings.Load(BaseDirectory);
        Catalog = FeatureCatalog.For(Settings.FeaturesFolder);
    }

    public Assembly Assembly { get; }

    public string BaseDirectory { get; }

    public RunnerSettings Settings { get; }

    public FeatureCatalog Catalog { get; }

    private readonly ConcurrentDictionary<string, FeatureEntry> _extraEntries = new();

    /// <summary>Adds an entry that is not a feature file (an empty shard), so that its test can report it.</summary>
    public void Register(FeatureEntry entry) => _extraEntries[entry.Key] = entry;

    public FeatureEntry Feature(string key) => _extraEntries.TryGetValue(key, out var entry) ? entry : Catalog.Get(key);

    public static RunnerContext For(Assembly assembly) => Contexts.GetOrAdd(assembly, a => new RunnerContext(a));
}
