using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The browser scenarios judge what a person perceives, not how the page is built: every @browser scenario is green
/// against the reference platform's standard web app markup and against its test-only "prerendered" markup, whose
/// chat page differs in structure, element types, order, class names and text case and holds the answer card,
/// thinking indicator and tool status hidden from the start (docs/web-app.md).
/// </summary>
[TestFixture, NonParallelizable]
public sealed class MarkupTests
{
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(4);

    [TestCase("standard")]
    [TestCase("prerendered")]
    public async Task Every_browser_scenario_is_green_with_the_markup(string markup)
    {
        var run = await SuiteRun.RunAsync($"markup-{markup}", "Category=browser",
            new Dictionary<string, string> { ["ACCEPTANCE_ReferencePlatform__AppMarkup"] = markup }, ChildDeadline);
        TestContext.Out.WriteLine(run.Describe());

        Assert.That(run.Scenarios, Has.Count.GreaterThanOrEqualTo(6), $"Too few browser scenarios ran.\n{run.Describe()}\n{run.Process.Output}");
        // The browser's requests are in the run's evidence: the markup asked for is the one that was served.
        Assert.That(run.Process.Output.Contains("/prerendered/markup.js → 200", StringComparison.Ordinal), Is.EqualTo(markup == "prerendered"),
            $"Whether the pages of the prerendered markup were served, with Platform:AppMarkup={markup}");
        Assert.That((run.Process.ExitCode, run.Failed.Count, run.Scenarios.Count(s => s.Outcome != "Passed")), Is.EqualTo((0, 0, 0)), run.Describe());
    }
}
