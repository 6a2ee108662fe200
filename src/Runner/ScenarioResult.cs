using NUnit.Framework;

namespace Acceptance.Runner;

public enum ScenarioVerdict { Passed, Failed, Skipped }

/// <summary>The outcome of one scenario case and the message a tester reads first.</summary>
public sealed record ScenarioResult(ScenarioVerdict Verdict, string? Message = null, Exception? Cause = null)
{
    public static readonly ScenarioResult Passed = new(ScenarioVerdict.Passed);

    public static ScenarioResult Failed(string message, Exception? cause = null) => new(ScenarioVerdict.Failed, message, cause);

    public static ScenarioResult Skipped(string message) => new(ScenarioVerdict.Skipped, message);

    /// <summary>Hands the outcome to NUnit: returns for a pass, throws for a failure or a skip.</summary>
    public void Report()
    {
        switch (Verdict)
        {
            case ScenarioVerdict.Failed:
                throw new ScenarioFailedException(Message!, Cause);
            case ScenarioVerdict.Skipped:
                Assert.Ignore(Message ?? "skipped");
                break;
        }
    }

    public static string DescribeError(Exception error)
    {
        // NUnit's assertion messages are already written for people; other exceptions keep their type name.
        if (error is AssertionException or MultipleAssertException) return error.Message.Trim();
        return $"{error.GetType().Name}: {error.Message}".Trim();
    }
}

/// <summary>
/// A failed scenario. An assertion exception, so NUnit shows the message as it is (starting with the step), with
/// the stack trace of the binding that failed rather than the runner's.
/// </summary>
public sealed class ScenarioFailedException(string message, Exception? cause) : AssertionException(message, cause)
{
    public override string? StackTrace => InnerException?.StackTrace ?? base.StackTrace;
}
