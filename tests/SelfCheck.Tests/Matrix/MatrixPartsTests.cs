using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>The matrix's parts that need no child run: reading Cucumber messages, and the published message's form.</summary>
[TestFixture]
public sealed class MatrixPartsTests
{
    [Test]
    public void The_Cucumber_messages_tell_the_step_and_binding_a_scenario_failed_at_and_a_hook_failure()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matrix-{Guid.NewGuid():N}.ndjson");
        File.WriteAllLines(path,
        [
            """{"stepDefinition":{"id":"d1","pattern":{"source":"^(Alice) is signed in$","type":"REGULAR_EXPRESSION"},"sourceReference":{"javaMethod":{"className":"Acceptance.Acceptance.StepDefinitions.SessionStepDefinitions","methodName":"GivenIsSignedIn","methodParameterTypes":["String"]}}}}""",
            """{"stepDefinition":{"id":"d2","pattern":{"source":"it is refused with {string}","type":"CUCUMBER_EXPRESSION"},"sourceReference":{"javaMethod":{"className":"Acceptance.Acceptance.StepDefinitions.RefusalStepDefinitions","methodName":"ThenItIsRefusedWith","methodParameterTypes":["String"]}}}}""",
            """{"hook":{"id":"h1","type":"BEFORE_TEST_CASE","sourceReference":{"javaMethod":{"className":"Acceptance.Support.Hooks.TestRunHooks","methodName":"StopIfPreflightFailed","methodParameterTypes":[]}}}}""",
            """{"pickle":{"id":"p1","uri":"Features/A.feature","name":"Refused","language":"en","steps":[{"id":"s1","type":"Context","text":"Alice is signed in","astNodeIds":[]},{"id":"s2","type":"Outcome","text":"it is refused with \"not found\"","astNodeIds":[]}],"tags":[],"astNodeIds":[]}}""",
            """{"pickle":{"id":"p2","uri":"Features/A.feature","name":"Stopped","language":"en","steps":[{"id":"s3","type":"Context","text":"Alice is signed in","astNodeIds":[]}],"tags":[],"astNodeIds":[]}}""",
            """{"pickle":{"id":"p3","uri":"Features/B.feature","name":"Fine","language":"en","steps":[{"id":"s4","type":"Context","text":"Alice is signed in","astNodeIds":[]}],"tags":[],"astNodeIds":[]}}""",
            """{"testCase":{"id":"c1","pickleId":"p1","testSteps":[{"id":"t1","pickleStepId":"s1","stepDefinitionIds":["d1"]},{"id":"t2","pickleStepId":"s2","stepDefinitionIds":["d2"]}]}}""",
            """{"testCase":{"id":"c2","pickleId":"p2","testSteps":[{"id":"t3","hookId":"h1"},{"id":"t4","pickleStepId":"s3","stepDefinitionIds":["d1"]}]}}""",
            """{"testCase":{"id":"c3","pickleId":"p3","testSteps":[{"id":"t5","pickleStepId":"s4","stepDefinitionIds":["d1"]}]}}""",
            """{"testCaseStarted":{"id":"r1","testCaseId":"c1","attempt":0}}""",
            """{"testStepFinished":{"testCaseStartedId":"r1","testStepId":"t1","testStepResult":{"status":"PASSED"}}}""",
            """{"testStepFinished":{"testCaseStartedId":"r1","testStepId":"t2","testStepResult":{"status":"FAILED","message":"  Expected a call to be refused with \"not found\"\nAssert.That(x)\n  Expected: 404"}}}""",
            """{"testCaseStarted":{"id":"r2","testCaseId":"c2","attempt":0}}""",
            """{"testStepFinished":{"testCaseStartedId":"r2","testStepId":"t3","testStepResult":{"status":"FAILED","message":"Pre-flight failed: no (scenario not run)"}}}""",
            """{"testStepFinished":{"testCaseStartedId":"r2","testStepId":"t4","testStepResult":{"status":"SKIPPED"}}}""",
            """{"testCaseStarted":{"id":"r3","testCaseId":"c3","attempt":0}}""",
            """{"testStepFinished":{"testCaseStartedId":"r3","testStepId":"t5","testStepResult":{"status":"PASSED"}}}""",
        ]);
        try
        {
            var cases = ScenarioSteps.Read(path);
            Assert.That(cases.Select(c => (c.Feature, c.Name, c.Passed)), Is.EqualTo(new[]
            {
                ("Features/A.feature", "Refused", false), ("Features/A.feature", "Stopped", false), ("Features/B.feature", "Fine", true),
            }));
            Assert.That(cases[0].Failure, Is.EqualTo(new StepFailure("Then", "it is refused with \"not found\"", "RefusalStepDefinitions.ThenItIsRefusedWith", "FAILED",
                "  Expected a call to be refused with \"not found\"\nAssert.That(x)\n  Expected: 404")));
            Assert.That(cases[0].Failure!.Summary, Is.EqualTo("Expected a call to be refused with \"not found\""));
            Assert.That((cases[1].Failure!.Keyword, cases[1].Failure!.Binding, cases[1].Failure!.FirstLine),
                Is.EqualTo(("Hook", "TestRunHooks.StopIfPreflightFailed", "Pre-flight failed: no (scenario not run)")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_summary_is_the_first_line_and_what_completes_an_introduction_without_NUnits_echo()
    {
        static string Summary(string message) => new StepFailure("Then", "x", "B.M", "FAILED", message).Summary;
        Assert.That(Summary("  The refusals differ:\n  a first line long enough to end a short summary on its own\n  second\n  third"),
            Is.EqualTo("The refusals differ: a first line long enough to end a short summary on its own second"));
        Assert.That(Summary("Alice saw no answer\nAssert.That(progress.AnswerProblem(), Is.Null)\n  Expected: null\n  But was:  \"empty\""),
            Is.EqualTo("Alice saw no answer Expected: null But was:  \"empty\""));
        Assert.That(Summary("A first line that says enough on its own, at length.\n  Expected: 1"), Is.EqualTo("A first line that says enough on its own, at length."));
    }

    [Test]
    public void A_published_message_keeps_what_it_says_and_drops_what_changes_from_run_to_run()
    {
        var message = MatrixDocument.Normalise(
            "Timed out after 10 s (from +0.028s) at ws://127.0.0.1:41234/x: agent_started at +49 ms, run 3f5e7969-2d48-4fc2-b46c-61dec52fd5fd " +
            "arrived 1.312 s late, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl; p95 2639 ms; the budget is 1000 ms (Load:FirstEventP95Ms)");
        Assert.That(message, Is.EqualTo(
            "Timed out after 10 s (from +N.Ns) at ws://127.0.0.1:PORT/x: agent_started at +N ms, run <id> arrived N.N s late, token <token>; p95 N ms; the budget is 1000 ms (Load:FirstEventP95Ms)"));
        Assert.That(MatrixDocument.Normalise(string.Join(" ", Enumerable.Repeat("word", 80))), Has.Length.EqualTo(MatrixDocument.MaxMessageLength).And.EndWith("…"));
    }
}
