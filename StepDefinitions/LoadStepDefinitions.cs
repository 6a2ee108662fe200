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
    public Task WhenEveryoneElseAsks() => load.AskAtOnceAsync(load.WellBehaved);

    [Then("everyone receives the five progress events of their own run in order and an answer")]
    public void ThenEveryoneReceivesTheirOwnRun()
    {
        var problems = load.WellBehaved.Where(m => m.RunProblem is not null).Select(m => $"{m}: {m.RunProblem}").ToList();
        Assert.That(problems, Is.Empty,
            $"{problems.Count} of {load.WellBehaved.Count} people did not get exactly their five events in order and an answer:\n  " +
            string.Join("\n  ", problems.Take(10)));
    }

    [Then("nobody receives an event of someone else's run")]
    public void ThenNobodyReceivesSomeoneElsesEvents()
    {
        var crossTalk = load.Crowd.Where(m => m.ForeignEvents.Count > 0)
            .Select(m => $"{m}: {string.Join(", ", m.ForeignEvents.Select(f => $"{f.Type} of conversation {f.ThreadId}"))}").ToList();
        Assert.That(crossTalk, Is.Empty, "events of someone else's run arrived:\n  " + string.Join("\n  ", crossTalk.Take(10)));
    }

    [Then("the 95th percentile of the first event's arrival is within the load budget")]
    public void ThenTheFirstEventsAreWithinBudget()
    {
        var first = LoadDriver.FirstEvent(load.WellBehaved);
        Assert.That(first.P95, Is.LessThanOrEqualTo(platform.Settings.Load.FirstEventP95Ms),
            $"first event: {first}; the budget of the 95th percentile is {platform.Settings.Load.FirstEventP95Ms:0} ms (Load:FirstEventP95Ms)");
    }

    [Then("the 95th percentile of the completion time is within the load budget")]
    public void ThenTheCompletionsAreWithinBudget()
    {
        var completion = LoadDriver.Completion(load.WellBehaved);
        Assert.That(completion.P95, Is.LessThanOrEqualTo(platform.Settings.Load.CompletionP95Ms),
            $"completion: {completion}; the budget of the 95th percentile is {platform.Settings.Load.CompletionP95Ms:0} ms (Load:CompletionP95Ms)");
    }

    [Then("the misbehaving client is cut off as too slow")]
    public async Task ThenTheMisbehavingClientIsCutOff()
    {
        var flooder = load.Flooder ?? throw new InvalidOperationException("No client misbehaved in this scenario.");
        await flooder.StopAsync();
        var (code, what) = await flooder.ReadToEndAsync(TimeSpan.FromSeconds(10));
        var cutOff = code == 1013 || (code is null && flooder.DroppedBecause is not null) || what.StartsWith("the connection was reset", StringComparison.Ordinal);
        Assert.That(cutOff, Is.True,
            $"the flooding client was not dropped after {flooder.Sent} pings: {what}; its flood {(flooder.DroppedBecause ?? "was not interrupted")}");
    }

    [AfterScenario("load", Order = 90)]
    public Task CloseTheCrowd() => load.DisposeAsync();
}
