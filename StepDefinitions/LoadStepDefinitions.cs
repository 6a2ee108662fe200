using Acceptance.Support.Drivers.Load;
using Acceptance.Support.Platform;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>The load journey: a crowd asks at once (Features/Load). The crowd's size and budgets are settings (Load:*).</summary>
[Binding]
public sealed class LoadStepDefinitions(LoadDriver load, PlatformUnderTest platform)
{
    [Given("a crowd of people is signed in with the agent channel open")]
    public Task GivenACrowdIsSignedIn() => load.GatherAsync(platform.Settings.Load.Users);

    [Given("a crowd of people and one more is signed in with the agent channel open")]
    public Task GivenACrowdAndOneMoreIsSignedIn() => load.GatherAsync(platform.Settings.Load.Users, extra: 1);

    [Given("one of them has a client that floods the agent channel without reading it")]
    public Task GivenOneFloodsTheChannel() => load.StartFloodingAsync();

    [When("everyone in the crowd asks the agent at the same moment")]
    public Task WhenEveryoneAsks() => load.AskAtOnceAsync(load.Crowd);

    [When("everyone else asks the agent at the same moment")]
    public async Task WhenEveryoneElseAsks()
    {
        await load.AskAtOnceAsync(load.WellBehaved);
        // The scenario is about a flood: without one it would prove nothing.
        if (load.FloodProblem() is { } problem) Assert.Fail($"The flood did not happen: {problem}");
    }

    [Then("everyone receives the five progress events of their own run in order and an answer")]
    public void ThenEveryoneReceivesTheirOwnRun()
    {
        Assert.That(load.WellBehaved, Is.Not.Empty, "Nobody in the crowd took part: there is nobody whose run could be judged.");
        var problems = load.WellBehaved.Where(m => m.RunProblem is not null).Select(m => $"{m}: {m.RunProblem}").ToList();
        Assert.That(problems, Is.Empty,
            $"{problems.Count} of {load.WellBehaved.Count} people did not get exactly their five events in order and an answer:\n  " +
            string.Join("\n  ", problems.Take(10)));
    }

    [Then("nobody receives an event of someone else's run")]
    public void ThenNobodyReceivesSomeoneElsesEvents()
    {
        // No stray event proves something only on channels that did receive events: their own runs' at least.
        var heard = load.Crowd.Count(m => m.FirstEventMs is not null);
        Assert.That(heard, Is.GreaterThanOrEqualTo(2),
            $"Only {heard} of {load.Crowd.Count} people received any event of their own run: an absence of somebody else's events proves nothing.");
        var crossTalk = load.Crowd.Where(m => m.ForeignEvents.Count > 0)
            .Select(m => $"{m}: {string.Join(", ", m.ForeignEvents.Select(f => $"{f.Type} of conversation {f.ThreadId}"))}").ToList();
        Assert.That(crossTalk, Is.Empty, "events of someone else's run arrived:\n  " + string.Join("\n  ", crossTalk.Take(10)));
    }

    [Then("the 95th percentile of the first event's arrival is within the load budget")]
    public void ThenTheFirstEventsAreWithinBudget()
    {
        var first = LoadDriver.FirstEvent(load.WellBehaved);
        AssertEveryoneMeasured(first, "a first event");
        Assert.That(first.P95, Is.LessThanOrEqualTo(platform.Settings.Load.FirstEventP95Ms),
            $"first event: {first}; the budget of the 95th percentile is {platform.Settings.Load.FirstEventP95Ms:0} ms (Load:FirstEventP95Ms)");
    }

    [Then("the 95th percentile of the completion time is within the load budget")]
    public void ThenTheCompletionsAreWithinBudget()
    {
        var completion = LoadDriver.Completion(load.WellBehaved);
        AssertEveryoneMeasured(completion, "a completion");
        Assert.That(completion.P95, Is.LessThanOrEqualTo(platform.Settings.Load.CompletionP95Ms),
            $"completion: {completion}; the budget of the 95th percentile is {platform.Settings.Load.CompletionP95Ms:0} ms (Load:CompletionP95Ms)");
    }

    /// <summary>A percentile over some of the crowd hides the others (those who got nothing are the slowest of all); over nobody it is no figure.</summary>
    private void AssertEveryoneMeasured(Latency latency, string what) =>
        Assert.That(latency.Samples, Has.Count.EqualTo(load.WellBehaved.Count).And.Count.GreaterThan(0),
            $"Only {latency.Samples.Count} of {load.WellBehaved.Count} people received {what}: a percentile over fewer than everyone proves nothing.");
}
