using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace Acceptance.Runner;

/// <summary>
/// The Cucumber messages of one feature (source, Gherkin document, pickles), built at run time. Reqnroll's own
/// <c>FeatureLevelCucumberMessages</c> reads an embedded resource that only its build-time generator writes.
/// </summary>
internal sealed class FeatureMessages(Source source, GherkinDocument document, IReadOnlyList<Pickle> pickles)
    : IFeatureLevelCucumberMessages
{
    public bool HasMessages => true;

    public Source Source { get; } = source;

    public GherkinDocument GherkinDocument { get; } = document;

    public IEnumerable<Pickle> Pickles { get; } = pickles;
}
