using Acceptance.Support.Actors;
using Acceptance.Support.Drivers;
using Acceptance.Support.Platform;
using Acceptance.Support.Schemas;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>Asking the agent and what its runs report: the five events, their fields, timing and audience.</summary>
[Binding]
public sealed class AgentEventStepDefinitions(Cast cast, AgentChannelDriver channel, ConversationDriver conversations, PlatformUnderTest platform)
{
    private const string QuestionItCannotHandle = "FORCE_ERROR";

    [Given("^" + StepPatterns.Actor + " has asked the agent \"(.*)\"$")]
    public async Task GivenHasAskedTheAgent(string actor, string question) =>
        await channel.AwaitEndAsync(await channel.AskAsync(cast[actor], question));

    [When("^" + StepPatterns.Actor + " asks the agent \"(.*)\"$")]
    public Task WhenAsksTheAgent(string actor, string question) => channel.AskAsync(cast[actor], question);

    [When("^" + StepPatterns.Actor + " asks the agent \"(.*)\" in the same conversation$")]
    public async Task WhenAsksTheAgentInTheSameConversation(string actor, string question) =>
        await channel.AwaitEndAsync(await channel.AskAsync(cast[actor], question, cast[actor].LatestConversation));

    [When("^" + StepPatterns.Actor + " asks the agent \"(.*)\" without naming a conversation$")]
    public async Task WhenAsksTheAgentWithoutNamingAConversation(string actor, string question)
    {
        var who = cast[actor];
        var (outcome, known) = await conversations.ListConversationsAsync(who);
        Assert.That(outcome.Status, Is.EqualTo(200), $"{actor}'s conversations could not be listed first: {outcome.Evidence}");
        await channel.AskWithoutConversationAsync(who, question, known.ToHashSet());
    }

    [When("^" + StepPatterns.Actor + " asks the agent something it cannot handle$")]
    public Task WhenAsksTheAgentSomethingItCannotHandle(string actor) => channel.AskAsync(cast[actor], QuestionItCannotHandle);

    [When("Alice and Bob ask the agent at the same time")]
    public async Task WhenAliceAndBobAskTheAgentAtTheSameTime() =>
        await Task.WhenAll(
            channel.AskAsync(cast["Alice"], "How can I cut my GPU costs?"),
            channel.AskAsync(cast["Bob"], "How can I cut my database costs?"));

    [Then("^" + StepPatterns.Actor + " receives an answer from the agent$")]
    public async Task ThenReceivesAnAnswerFromTheAgent(string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        Assert.That(run.FinalResponse, Is.Not.Null.And.Not.Empty, $"No answer: {run.Describe()}");
    }

    [Then("^" + StepPatterns.Actor + " sees the five progress events of " + StepPatterns.Pronoun + " run in order$")]
    public async Task ThenSeesTheFiveProgressEventsInOrder(string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        Assert.That(run.EventTypes, Is.EqualTo(AgentRun.GoldenPath), $"{run.DeviationFromGoldenPath()}. {run.Describe()}");
    }

    [Then("^every event of " + StepPatterns.Actor + "'s run names the same run and the same conversation$")]
    public async Task ThenEveryEventNamesTheSameRunAndConversation(string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        // The events of this run as its id names them, whichever conversation they name, plus those in its conversation.
        var events = run.EventsNamingThisRun.Union(run.Events).ToList();
        var identities = events.Select(e => (Run: e.Field("run_id"), Conversation: e.Field("thread_id"))).Distinct().ToList();
        Assert.That(identities, Has.Count.EqualTo(1).And.None.Matches<(string? Run, string? Conversation)>(i => i.Run is null || i.Conversation is null),
            $"The events name {identities.Count} run/conversation pairs: " +
            string.Join("; ", identities.Select(i => $"run {i.Run ?? "(none)"} in conversation {i.Conversation ?? "(none)"} by " +
                string.Join(", ", events.Where(e => (e.Field("run_id"), e.Field("thread_id")) == i).Select(e => e.Type)))) +
            $" (the question went to conversation {run.ConversationId})");
    }

    [Then("^the (agent_started|agent_thinking|tool_executing|tool_completed|agent_completed) event of " + StepPatterns.Actor + "'s run matches its schema$")]
    public async Task ThenTheEventMatchesItsSchema(string type, string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        var frame = run.Event(type) ?? throw new AssertionException($"No {type} event arrived: {run.Describe()}");
        Assert.That(MessageSchemas.Default.Problems(frame.Payload), Is.Empty, $"The {type} event is malformed: {frame.Payload}");
    }

    [Then("^the first event of " + StepPatterns.Actor + "'s run arrives promptly$")]
    public async Task ThenTheFirstEventArrivesPromptly(string actor)
    {
        var run = LatestRun(actor);
        await channel.AwaitFirstEventAsync(run);
        Assert.That(run.FirstEventLatency, Is.LessThanOrEqualTo(platform.Budgets.FirstEvent),
            $"The first event ({run.Events[0].Type}) arrived {run.FirstEventLatency!.Value.TotalSeconds:0.000} s after the question; " +
            $"the budget is {platform.Budgets.FirstEventSeconds} s (Budgets:FirstEventSeconds). {run.Describe()}");
    }

    [Then("^" + StepPatterns.Actor + "'s run completes in time$")]
    public async Task ThenTheRunCompletesInTime(string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        Assert.That(run.LatencyOf("agent_completed"), Is.Not.Null.And.LessThanOrEqualTo(platform.Budgets.Completion),
            $"The budget is {platform.Budgets.CompletionSeconds} s (Budgets:CompletionSeconds). {run.Describe()}");
    }

    [Then("^" + StepPatterns.Actor + "'s run ends with an error$")]
    public async Task ThenTheRunEndsWithAnError(string actor)
    {
        var run = await channel.AwaitEndAsync(LatestRun(actor));
        Assert.That(run.EventTypes.LastOrDefault(), Is.EqualTo("agent_error"), run.Describe());
    }

    [Then("^no completion follows the error of " + StepPatterns.Actor + "'s run$")]
    public async Task ThenNoCompletionFollowsTheError(string actor)
    {
        var run = LatestRun(actor);
        await channel.AwaitEventAsync(run, "agent_error", platform.Budgets.Completion);
        var completions = await channel.WatchForCompletionAsync(run);
        Assert.That(completions, Is.Empty, $"A completion arrived within the {platform.Budgets.QuietWindowSeconds} s quiet window: {run.Describe()}");
    }

    [Then("each of them sees only the events of their own run")]
    public async Task ThenEachOfThemSeesOnlyTheEventsOfTheirOwnRun()
    {
        var runs = await Task.WhenAll(cast.All.Where(a => a.Runs.Count > 0).Select(a => channel.AwaitEndAsync(a.Runs[^1])));
        // Other scenarios may run as the same persona at the same time, so only another *user's* event is a stray.
        var strays = runs.SelectMany(run => run.AllRunEvents
                .Where(e => e.Field("user_id") != run.Actor.Session!.UserId)
                .Select(e => $"{run.Actor} saw {e}"))
            .ToList();
        Assert.That(strays, Is.Empty, "Events of another user's run arrived.");
    }

    private AgentRun LatestRun(string actor) =>
        cast[actor].Runs.LastOrDefault() ?? throw new InvalidOperationException($"{actor} has not asked the agent anything in this scenario.");
}
