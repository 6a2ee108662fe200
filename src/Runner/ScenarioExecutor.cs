using System.Reflection;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Runner;

/// <summary>
/// Runs one scenario case through Reqnroll's runtime, in the order Reqnroll's generated NUnit code does it,
/// within the scenario's time limit, and turns what happened into one <see cref="ScenarioResult"/>.
/// </summary>
internal static class ScenarioExecutor
{
    private static readonly TimeSpan QueueingCheck = TimeSpan.FromMilliseconds(250);

    public static async Task<ScenarioResult> RunAsync(Assembly testAssembly, FeatureEntry feature, ScenarioCase scenario, RunnerSettings settings)
    {
        var limit = ScenarioTimeLimit.For(scenario, settings.ScenarioTimeLimit);
        using var cancellation = new CancellationTokenSource();
        using var timer = new CancellationTokenSource();
        var progress = new Progress();
        var timeLimit = new ScenarioTimeLimit(limit, cancellation.Token);
        var work = ExecuteAsync(testAssembly, feature, scenario, timeLimit, progress);
        // The limit counts the scenario's own time: time it queues for a shared resource (ScenarioTimeLimit.Queueing) is not counted.
        while (true)
        {
            var remaining = timeLimit.Remaining;
            if (remaining <= TimeSpan.Zero) break;
            var first = await Task.WhenAny(work, Task.Delay(remaining < QueueingCheck ? remaining : QueueingCheck, timer.Token)).ConfigureAwait(false);
            if (first == work)
            {
                timer.Cancel();
                return await work.ConfigureAwait(false);
            }
        }

        // Past the limit: tell the bindings to stop (their ScenarioTimeLimit.Token), give them a moment, report.
        var stepAtLimit = progress.Current;
        await cancellation.CancelAsync().ConfigureAwait(false);
        var stopped = await Task.WhenAny(work, Task.Delay(settings.CancellationGrace)).ConfigureAwait(false) == work;
        _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed: a late failure must not crash the run
        var seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var message = $"Scenario exceeded its time limit of {seconds} s in step '{stepAtLimit}'";
        if (!stopped)
        {
            message += $"{Environment.NewLine}The step did not stop within {settings.CancellationGrace.TotalSeconds:0} s of being cancelled; " +
                       "the runner moved on without it (its AfterScenario hooks have not run yet).";
        }

        return ScenarioResult.Failed(message);
    }

    private static async Task<ScenarioResult> ExecuteAsync(Assembly testAssembly, FeatureEntry feature, ScenarioCase scenario, ScenarioTimeLimit timeLimit, Progress progress)
    {
        await Task.Yield(); // the caller starts its clock before any Reqnroll work happens
        var featureInfo = feature.Info!;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly, featureHint: featureInfo);
        var observer = ScenarioObserver.For(runner);
        observer.Reset();
        var failingStep = -1;
        Exception? collectError = null;
        Exception? startError = null;
        Exception? endError = null;
        ScenarioExecutionStatus status;
        Exception? testError;
        var initialized = false;
        try
        {
            // Finish the feature this runner ran before, if it was another one, and start ours.
            try
            {
                if (runner.FeatureContext != null && !runner.FeatureContext.FeatureInfo.Equals(featureInfo))
                {
                    await runner.OnFeatureEndAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                TestContext.Out.WriteLine($"AfterFeature hooks of '{runner.FeatureContext?.FeatureInfo.Title}' failed: {e}");
            }

            progress.Current = "(BeforeFeature hooks)";
            if (runner.FeatureContext == null)
            {
                try
                {
                    await runner.OnFeatureStartAsync(featureInfo).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    startError = e;
                }
            }

            if (runner.FeatureContext?.BeforeFeatureHookFailed == true || startError is not null)
            {
                var error = runner.FeatureContext?.BeforeFeatureHookError ?? startError!;
                return ScenarioResult.Failed(
                    $"Scenario not run: a BeforeFeature hook of '{featureInfo.Title}' failed: {ScenarioResult.DescribeError(error)}", error);
            }

            runner.OnScenarioInitialize(scenario.CreateScenarioInfo(), scenario.Rule);
            initialized = true;
            runner.ScenarioContext.ScenarioContainer.RegisterInstanceAs(timeLimit);
            if (scenario.IsIgnored)
            {
                try
                {
                    await runner.SkipScenarioAsync().ConfigureAwait(false);
                }
                catch (ReqnrollOutcomeException)
                {
                    // Reqnroll reports the skip through the unit-test provider; the runner reports it below.
                }

                return ScenarioResult.Skipped("Ignored: the scenario, its examples, rule or feature is tagged @ignore.");
            }

            progress.Current = "(BeforeScenario hooks)";
            try
            {
                await runner.OnScenarioStartAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                startError = e;
            }

            for (var i = 0; i < scenario.Steps.Count && startError is null; i++)
            {
                if (timeLimit.Token.IsCancellationRequested) break;
                var before = runner.ScenarioContext.ScenarioExecutionStatus;
                var step = scenario.Steps[i];
                progress.Current = step.Text;
                await InvokeAsync(runner, step).ConfigureAwait(false);
                if (before == ScenarioExecutionStatus.OK && runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
                {
                    failingStep = i;
                }
            }

            progress.Current = "(after the last step)";
            try
            {
                await runner.CollectScenarioErrorsAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                collectError = e;
            }

            status = runner.ScenarioContext.ScenarioExecutionStatus;
            testError = runner.ScenarioContext.TestError;
        }
        finally
        {
            if (initialized)
            {
                progress.Current = "(AfterScenario hooks)";
                try
                {
                    await runner.OnScenarioEndAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    endError = e;
                }
            }

            TestRunnerManager.ReleaseTestRunner(runner);
        }

        return Classify(scenario, status, failingStep, testError ?? startError, collectError, endError, observer.FirstHookFailure);
    }

    private static Task InvokeAsync(ITestRunner runner, StepCall step)
    {
        var table = step.ToReqnrollTable();
        return step.Kind switch
        {
            StepKind.Given => runner.GivenAsync(step.Text, step.DocString, table, step.Keyword),
            StepKind.When => runner.WhenAsync(step.Text, step.DocString, table, step.Keyword),
            StepKind.Then => runner.ThenAsync(step.Text, step.DocString, table, step.Keyword),
            StepKind.But => runner.ButAsync(step.Text, step.DocString, table, step.Keyword),
            _ => runner.AndAsync(step.Text, step.DocString, table, step.Keyword),
        };
    }

    private static ScenarioResult Classify(ScenarioCase scenario, ScenarioExecutionStatus status, int failingStep, Exception? testError,
        Exception? collectError, Exception? endError, HookFailure? hookFailure)
    {
        var step = failingStep >= 0 ? scenario.Steps[failingStep] : null;
        var nl = Environment.NewLine;
        switch (status)
        {
            case ScenarioExecutionStatus.OK when hookFailure is not null:
                return ScenarioResult.Failed(hookFailure.Describe(), hookFailure.Error);
            case ScenarioExecutionStatus.OK when endError is not null:
                return ScenarioResult.Failed($"The scenario's AfterScenario hooks failed: {ScenarioResult.DescribeError(endError)}", endError);
            case ScenarioExecutionStatus.OK:
                return ScenarioResult.Passed;

            case ScenarioExecutionStatus.UndefinedStep:
            {
                var snippet = (collectError is ReqnrollOutcomeException ? collectError.Message : testError?.Message ?? collectError?.Message ?? "").Trim();
                // Reqnroll's text starts with a line of its own before the code; the runner has said that already.
                const string preamble = "No matching step definition found for one or more steps.";
                if (snippet.StartsWith(preamble, StringComparison.Ordinal)) snippet = snippet[preamble.Length..].Trim();
                return ScenarioResult.Failed(
                    $"Undefined step: {step?.Display ?? "(unknown step)"}{nl}No step definition matches this step. A binding to start from:{nl}{nl}{Indent(snippet)}");
            }

            case ScenarioExecutionStatus.StepDefinitionPending when collectError is ReqnrollOutcomeException:
                return ScenarioResult.Skipped($"pending: {step?.Text ?? "(unknown step)"}");
            case ScenarioExecutionStatus.StepDefinitionPending:
                // reqnroll.json asks for pending steps to count as errors (runtime.missingOrPendingStepsOutcome = Error).
                return ScenarioResult.Failed(
                    $"Pending step: {step?.Display ?? "(unknown step)"}{nl}The step definition is not implemented yet " +
                    "(reqnroll.json: runtime.missingOrPendingStepsOutcome is Error).", collectError ?? testError);

            case ScenarioExecutionStatus.Skipped:
                return ScenarioResult.Skipped((testError ?? collectError)?.Message.Trim() is { Length: > 0 } reason ? reason : "skipped by a binding");
        }

        // TestError or BindingError: a step, or a hook around it, failed.
        var error = testError ?? collectError ?? endError;
        var stepFailedItself = step is not null && (hookFailure is null || !ReferenceEquals(hookFailure.Error, error));
        if (hookFailure is not null && !stepFailedItself)
        {
            return ScenarioResult.Failed(hookFailure.Describe() + (step is null ? "" : $"{nl}(while running step: {step.Display})"), hookFailure.Error);
        }

        var message = step is null
            ? $"The scenario failed before its first step: {DescribeOrUnknown(error)}"
            : $"{step.Display}{nl}{Indent(DescribeOrUnknown(error))}";
        if (status == ScenarioExecutionStatus.BindingError) message += $"{nl}(a binding error: check the step definitions that match this step)";
        if (hookFailure is not null && !ReferenceEquals(hookFailure.Error, error)) message += $"{nl}Also: {hookFailure.Describe()}";
        return ScenarioResult.Failed(message, error);
    }

    private static string DescribeOrUnknown(Exception? error) => error is null ? "(no error was recorded)" : ScenarioResult.DescribeError(error);

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.Replace("\r\n", "\n").Split('\n').Select(l => "  " + l));

    private sealed class Progress
    {
        public volatile string Current = "(before the first step)";
    }
}
