using System.Runtime.CompilerServices;
using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.Events;

namespace Acceptance.Runner;

/// <summary>A hook binding that threw: which kind, which method, what.</summary>
public sealed record HookFailure(HookType HookType, string Method, Exception Error)
{
    public string Describe() => Error is ScenarioNotRunException
        ? Error.Message
        : $"{HookType} hook {Method} failed: {ScenarioResult.DescribeError(Error)}";
}

/// <summary>
/// Throw it from a BeforeScenario hook to stop a scenario before it runs for a reason that is not the hook's
/// fault (e.g. a failed pre-flight check of the environment): the scenario fails with exactly this message.
/// </summary>
public class ScenarioNotRunException(string message) : Exception(message);

/// <summary>Listens to one test runner's execution events and remembers the first hook that failed in the current scenario.</summary>
internal sealed class ScenarioObserver : IAsyncExecutionEventListener
{
    private static readonly ConditionalWeakTable<ITestRunner, ScenarioObserver> Observers = new();

    public HookFailure? FirstHookFailure { get; private set; }

    public static ScenarioObserver For(ITestRunner runner) => Observers.GetValue(runner, r =>
    {
        var observer = new ScenarioObserver();
        r.TestThreadContext.TestThreadContainer.Resolve<ITestThreadExecutionEventPublisher>().AddListener(observer);
        return observer;
    });

    public void Reset() => FirstHookFailure = null;

    public Task OnEventAsync(IExecutionEvent executionEvent)
    {
        if (executionEvent is HookBindingFinishedEvent { HookException: { } error } finished && FirstHookFailure is null)
        {
            var method = finished.HookBinding.Method;
            FirstHookFailure = new HookFailure(finished.HookBinding.HookType, $"{method.Type.Name}.{method.Name}", error);
        }

        return Task.CompletedTask;
    }
}
