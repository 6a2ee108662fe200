using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace Acceptance.Runner;

/// <summary>
/// Turns the .feature files into NUnit tests at discovery time: one fixture per feature file, one test per
/// scenario and per examples row, the tags as categories. Put it on a class derived from <see cref="FeatureFixture"/>.
/// By default any two scenarios may run at once, also two of one feature (runner.parallel "scenarios"); with
/// "features" the scenarios of one feature run in order. A feature or scenario tagged @serial runs while nothing
/// else does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GherkinFeaturesAttribute : NUnitAttribute, IFixtureBuilder2
{
    /// <summary>The tag that makes a feature or a scenario run while nothing else runs.</summary>
    public const string SerialTag = "serial";

    private readonly NUnitTestCaseBuilder _testBuilder = new();
    private Parallelism _parallelism = Parallelism.Scenarios;

    public IEnumerable<TestSuite> BuildFrom(ITypeInfo typeInfo) => BuildFrom(typeInfo, AllTests.Instance);

    public IEnumerable<TestSuite> BuildFrom(ITypeInfo typeInfo, IPreFilter filter)
    {
        try
        {
            return BuildFeatures(typeInfo);
        }
        catch (Exception e)
        {
            // NUnit drops a fixture builder's exception silently and the run would look green with no test:
            // turn it into one failing test instead.
            var method = typeInfo.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Single(m => m.Name == nameof(FeatureFixture.RunScenarioAsync));
            var entry = FeatureEntry.ForProblem("The runner could not load the features", "Runner setup",
                $"The runner could not load the features, so no scenario ran: {e.Message}");
            FeatureFixture.SetupProblems[entry.Key] = entry;
            return [BuildFixture(typeInfo, method, entry)];
        }
    }

    private List<TestSuite> BuildFeatures(ITypeInfo typeInfo)
    {
        if (!typeof(FeatureFixture).IsAssignableFrom(typeInfo.Type))
        {
            throw new InvalidOperationException($"[GherkinFeatures] must be on a class derived from {nameof(FeatureFixture)}; {typeInfo.FullName} is not.");
        }

        var context = RunnerContext.For(typeInfo.Assembly);
        _parallelism = context.Settings.Parallelism;
        var method = typeInfo.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Single(m => m.Name == nameof(FeatureFixture.RunScenarioAsync));
        var shard = context.Settings.Shard;
        var entries = context.Catalog.Entries.Where((_, position) => shard.Takes(position)).ToList();
        if (entries.Count == 0)
        {
            // More shards than features: say so rather than run nothing and look green.
            var empty = FeatureEntry.ForProblem($"Shard {shard.Index} of {shard.Count} is empty", "Empty shard",
                $"Shard {shard} holds no feature: there are only {context.Catalog.Entries.Count} feature files under {context.Catalog.Root}.");
            context.Register(empty);
            entries.Add(empty);
        }

        return entries.Select(entry => BuildFixture(typeInfo, method, entry)).ToList();
    }

    private TestSuite BuildFixture(ITypeInfo typeInfo, IMethodInfo method, FeatureEntry entry)
    {
        var fixture = new TestFixture(typeInfo)
        {
            Name = entry.Title,
            FullName = FixtureFullName(entry),
        };
        // The fixture class holds no state (each scenario's state lives in Reqnroll's scenario container), so one
        // instance per feature is safe, and it lets the feature's OneTimeTearDown be an instance method.
        fixture.LifeCycle = LifeCycle.SingleInstance;
        fixture.Properties.Set(FeatureFixture.FeatureKeyProperty, entry.Key);
        fixture.Properties.Set(PropertyNames.Description, entry.Info?.Description ?? entry.Key);
        var serial = IsSerial(entry.Tags);
        fixture.Properties.Set(PropertyNames.ParallelScope,
            serial ? ParallelScope.None : _parallelism == Parallelism.Scenarios ? ParallelScope.Self | ParallelScope.Children : ParallelScope.Self);
        foreach (var tag in entry.Tags) fixture.Properties.Add(PropertyNames.Category, tag);

        if (entry.Problem is not null)
        {
            var name = entry.Problem.StartsWith("Gherkin syntax error", StringComparison.Ordinal) ? $"Gherkin syntax error in {entry.Key}"
                : entry.Title is "Empty shard" or "Runner setup" ? entry.Key
                : $"Cannot run {entry.Key}";
            fixture.Add(BuildTest(method, fixture, entry.Key, -1, name, []));
            return fixture;
        }

        foreach (var scenario in entry.Cases)
        {
            var test = BuildTest(method, fixture, entry.Key, scenario.PickleIndex, scenario.TestName, scenario.AllTags);
            if (scenario.Description is not null) test.Properties.Set(PropertyNames.Description, scenario.Description);
            // Scenarios start in the order they are written (NUnit would otherwise sort them by name).
            test.Properties.Set(PropertyNames.Order, scenario.PickleIndex);
            // A scenario that must run alone: NUnit runs it when no other test runs.
            if (IsSerial(scenario.AllTags)) test.Properties.Set(PropertyNames.ParallelScope, ParallelScope.None);
            else if (_parallelism == Parallelism.Scenarios && !serial) test.Properties.Set(PropertyNames.ParallelScope, ParallelScope.Self);
            fixture.Add(test);
        }

        return fixture;
    }

    private static bool IsSerial(IEnumerable<string> tags) => tags.Any(t => string.Equals(t, SerialTag, StringComparison.OrdinalIgnoreCase));

    private TestMethod BuildTest(IMethodInfo method, TestSuite fixture, string featureKey, int caseIndex, string name, IEnumerable<string> tags)
    {
        var parameters = new TestCaseParameters([featureKey, caseIndex]) { TestName = name };
        var test = _testBuilder.BuildTestMethod(method, fixture, parameters);
        test.Name = name;
        test.FullName = fixture.FullName + "." + name;
        foreach (var tag in tags) test.Properties.Add(PropertyNames.Category, tag);
        return test;
    }

    // NUnit derives the namespace tree from the fixture's full name: folders become namespaces, the title the class.
    private static string FixtureFullName(FeatureEntry entry)
    {
        var folder = Path.GetDirectoryName(entry.Key)?.Replace('\\', '/').Replace('/', '.') ?? "";
        var title = new string(entry.Title.Select(c => c is '.' or '(' or '[' or ')' or ']' ? '_' : c).ToArray());
        return folder.Length > 0 ? folder + "." + title : title;
    }
}

internal sealed class AllTests : IPreFilter
{
    public static readonly AllTests Instance = new();

    public bool IsMatch(Type type) => true;

    public bool IsMatch(Type type, System.Reflection.MethodInfo method) => true;
}
