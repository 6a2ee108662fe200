using Acceptance.Support.Actors;
using Acceptance.Support.Drivers;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Tokens;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>Conversations over the API: starting, listing, reading and the calls others must not make.</summary>
[Binding]
public sealed class ConversationStepDefinitions(
    Cast cast, ConversationDriver conversations, SessionDriver sessions, CraftedTokens tokens, Attempts attempts)
{
    private (Actor Lister, IReadOnlyList<string> Ids)? _listed;

    [Given("^" + StepPatterns.Actor + " has started a conversation$")]
    public async Task GivenHasStartedAConversation(string actor)
    {
        var who = cast[actor];
        if (who.Session is null) await sessions.SignInAsync(who);
        await conversations.StartConversationAsync(who, $"{who}'s private conversation");
    }

    [When("^" + StepPatterns.Actor + " attempts to (list conversations|start a conversation|open a conversation|read a conversation's messages|delete a conversation|ask the agent directly)$")]
    public async Task WhenAttemptsAProtectedCall(string actor, string call) =>
        attempts.Record(await conversations.AttemptProtectedCallAsync(cast[actor], call));

    [When("^" + StepPatterns.Actor + " attempts to list conversations with (.+)$")]
    public async Task WhenAttemptsToListConversationsWith(string actor, string token)
    {
        var who = cast[actor];
        var outcome = await conversations.AttemptProtectedCallAsync(who, "list conversations", tokens.For(token, who));
        attempts.Record(outcome with { Attempt = $"{who}'s attempt to list conversations with {token}" });
    }

    [When("^" + StepPatterns.Actor + " attempts to open (Alice|Bob)'s conversation$")]
    public async Task WhenAttemptsToOpenSomeonesConversation(string actor, string owner) =>
        attempts.Record(await conversations.OpenConversationAsync(cast[actor], cast[owner].LatestConversation));

    [When("^" + StepPatterns.Actor + " attempts to read the messages of (Alice|Bob)'s conversation$")]
    public async Task WhenAttemptsToReadTheMessagesOfSomeonesConversation(string actor, string owner) =>
        attempts.Record((await conversations.ReadHistoryAsync(cast[actor], cast[owner].LatestConversation)).Outcome);

    [When("^" + StepPatterns.Actor + " attempts to delete (Alice|Bob)'s conversation$")]
    public async Task WhenAttemptsToDeleteSomeonesConversation(string actor, string owner) =>
        attempts.Record(await conversations.DeleteConversationAsync(cast[actor], cast[owner].LatestConversation));

    [When("^" + StepPatterns.Actor + " lists " + StepPatterns.Pronoun + " conversations$")]
    public async Task WhenListsConversations(string actor)
    {
        var who = cast[actor];
        var (outcome, ids) = await conversations.ListConversationsAsync(who);
        Assert.That(outcome.Status, Is.EqualTo(200), $"Listing conversations failed: {outcome.Evidence}");
        _listed = (who, ids);
    }

    [Then("^(Alice|Bob)'s conversation is among them$")]
    public void ThenSomeonesConversationIsAmongThem(string owner)
    {
        var (lister, ids) = Listed();
        Assert.That(ids, Does.Contain(cast[owner].LatestConversation),
            $"{owner}'s conversation is missing from the {ids.Count} conversation(s) listed for {lister}: [{string.Join(", ", ids)}]");
    }

    [Then("^(Alice|Bob)'s conversation is not among them$")]
    public void ThenSomeonesConversationIsNotAmongThem(string owner)
    {
        var (lister, ids) = Listed();
        // An absence proves something only in a list that works: it must hold the lister's own conversations.
        var missingOwn = lister.Conversations.Where(id => !ids.Contains(id)).ToList();
        Assert.That(missingOwn, Is.Empty,
            $"The list cannot show that {owner}'s conversation is absent: it lacks {lister}'s own conversation(s) too ({ids.Count} listed).");
        Assert.That(ids, Does.Not.Contain(cast[owner].LatestConversation), $"{owner}'s conversation is listed for {lister}.");
    }

    [Then("^(Alice|Bob)'s conversation is still there$")]
    public async Task ThenSomeonesConversationIsStillThere(string owner)
    {
        var who = cast[owner];
        var outcome = await conversations.OpenConversationAsync(who, who.LatestConversation);
        Assert.That(outcome.Status, Is.EqualTo(200), $"{owner} can no longer open that conversation: {outcome.Evidence}");
    }

    private (Actor Lister, IReadOnlyList<string> Ids) Listed() =>
        _listed ?? throw new InvalidOperationException("Nobody has listed conversations in this scenario.");

    [Then("^the history of " + StepPatterns.Actor + "'s conversation holds " + StepPatterns.Pronoun + " questions and the agent's answers in turn$")]
    public async Task ThenTheHistoryHoldsQuestionsAndAnswersInTurn(string actor)
    {
        var who = cast[actor];
        var (outcome, messages) = await conversations.ReadHistoryAsync(who, who.LatestConversation);
        var expected = who.Questions.SelectMany(question => new[] { $"user: {question}", "assistant: (an answer)" }).ToList();
        var actual = messages.Select(m => m.Role == "assistant" && m.Content.Length > 0 ? "assistant: (an answer)" : $"{m.Role}: {m.Content}").ToList();
        Assert.That(actual, Is.EqualTo(expected), $"The history is not in turn: {outcome.Evidence}");
    }

    [When("^" + StepPatterns.Actor + " attempts to ask the agent directly with (a body that is not JSON|a question without its text|a body over 64 KB)$")]
    public async Task WhenAttemptsToAskTheAgentDirectlyWith(string actor, string request)
    {
        var fault = request switch
        {
            "a body that is not JSON" => ConversationDriver.FaultyRequest.MalformedJson,
            "a question without its text" => ConversationDriver.FaultyRequest.MissingField,
            _ => ConversationDriver.FaultyRequest.Oversized,
        };
        attempts.Record(await conversations.SendFaultyRequestAsync(cast[actor], fault));
    }
}
