using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Runner;

/// <summary>
/// Starts and ends Reqnroll's test run (BeforeTestRun/AfterTestRun hooks, formatters). Derive a class from it
/// outside any namespace in the test assembly and mark it <c>[SetUpFixture]</c>.
/// </summary>
public abstract class TestRunLifetime
{
    [OneTimeSetUp]
    public async Task StartTestRunAsync()
    {
        var context = RunnerContext.For(GetType().Assembly);
        foreach (var (formatter, path) in RunnerSettings.RedirectFormatterOutput(context.BaseDirectory))
        {
            TestContext.Progress.WriteLine($"Reqnroll {formatter} report: {path}");
        }

        try
        {
            await TestRunnerManager.OnTestRunStartAsync(GetType().Assembly);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"Reqnroll could not start the test run, so no scenario ran: {e.GetType().Name}: {e.Message}" +
                (e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "") +
                " Check reqnroll.json (bindingAssemblies) and that every binding assembly is in the test output folder.", e);
        }
    }

    [OneTimeTearDown]
    public async Task EndTestRunAsync()
    {
        await TestRunnerManager.OnTestRunEndAsync(GetType().Assembly);
        await OnTestRunFinishedAsync(RunnerContext.For(GetType().Assembly).Settings);
    }

    /// <summary>
    /// Runs after Reqnroll has ended the run and its formatters have closed their reports (unlike an
    /// [AfterTestRun] hook, which runs before that), e.g. to build living documentation from the report.
    /// </summary>
    protected virtual Task OnTestRunFinishedAsync(RunnerSettings settings) => Task.CompletedTask;
}
