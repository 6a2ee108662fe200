using Acceptance.Support.Actors;
using Acceptance.Support.Drivers;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Tokens;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>The agent channel itself: opening it, bad messages on it, and its closing.</summary>
[Binding]
public sealed class AgentChannelStepDefinitions(
    Cast cast, AgentChannelDriver channel, SessionDriver sessions, IdentityDriver identity, CraftedTokens tokens, Attempts attempts)
{
    private static readonly TimeSpan MomentsLifetime = TimeSpan.FromSeconds(2);
    private DateTimeOffset? _tokenRefusedFrom;
    private string? _standAloneToken;

    [Given("^" + StepPatterns.Actor + " has the agent channel open$")]
    public async Task GivenHasTheAgentChannelOpen(string actor)
    {
        var who = cast[actor];
        if (who.Session is null) await sessions.SignInAsync(who);
        await channel.ConnectAsync(who);
    }

    [Given("^" + StepPatterns.Actor + " has the agent channel open with a token that expires in moments$")]
    public async Task GivenHasTheAgentChannelOpenWithATokenThatExpiresInMoments(string actor)
    {
        var who = cast[actor];
        if (who.Session is null) await sessions.SignInAsync(who);
        var (token, refusedFrom) = tokens.ExpiringIn(who, MomentsLifetime);
        _tokenRefusedFrom = refusedFrom;
        await channel.ConnectAsync(who, token);
    }

    [Given("^" + StepPatterns.Actor + " has the agent channel open with a stand-alone token$")]
    public async Task GivenHasTheAgentChannelOpenWithAStandAloneToken(string actor)
    {
        var who = cast[actor];
        if (who.Session is null) await sessions.SignInAsync(who);
        _standAloneToken = tokens.StandAlone(who);
        await channel.ConnectAsync(who, _standAloneToken);
    }

    [When("^" + StepPatterns.Actor + "'s token has expired$")]
    public async Task WhenTheTokenHasExpired(string actor)
    {
        var refusedFrom = _tokenRefusedFrom ?? throw new InvalidOperationException($"{actor} has no token that expires in this scenario.");
        if (refusedFrom > DateTimeOffset.UtcNow) await Task.Delay(refusedFrom - DateTimeOffset.UtcNow);
    }

    [When("^" + StepPatterns.Actor + "'s stand-alone token is revoked$")]
    public async Task WhenTheStandAloneTokenIsRevoked(string actor)
    {
        var token = _standAloneToken ?? throw new InvalidOperationException($"{actor} has no stand-alone token in this scenario.");
        var outcome = await identity.SignOutAsync(cast[actor], token);
        Assert.That(outcome.Status, Is.EqualTo(200), $"Revoking {actor}'s stand-alone token failed: {outcome.Evidence}");
    }

    [When("^" + StepPatterns.Actor + " attempts to speak on the agent channel$")]
    public async Task WhenAttemptsToSpeakOnTheAgentChannel(string actor) =>
        attempts.Record(await channel.SpeakAsync(cast[actor]));

    [When("^" + StepPatterns.Actor + " attempts to open the agent channel$")]
    public async Task WhenAttemptsToOpenTheAgentChannel(string actor) =>
        attempts.Record(await channel.OpenAsync(cast[actor]));

    [When("^" + StepPatterns.Actor + " attempts to open the agent channel with (.+)$")]
    public async Task WhenAttemptsToOpenTheAgentChannelWith(string actor, string token)
    {
        var who = cast[actor];
        var outcome = await channel.OpenAsync(who, tokens.For(token, who));
        attempts.Record(outcome with { Attempt = $"{who}'s attempt to open the agent channel with {token}" });
    }

    [Given("^" + StepPatterns.Actor + " has sent (a message that is not JSON|a message of an unknown type|an oversized message)$")]
    [When("^" + StepPatterns.Actor + " attempts to send (a message that is not JSON|a message of an unknown type|an oversized message)$")]
    public async Task SendsABadMessage(string actor, string message)
    {
        var fault = message switch
        {
            "a message that is not JSON" => AgentChannelDriver.FaultyMessage.MalformedJson,
            "a message of an unknown type" => AgentChannelDriver.FaultyMessage.UnknownType,
            _ => AgentChannelDriver.FaultyMessage.Oversized,
        };
        attempts.Record(await channel.SendFaultyMessageAsync(cast[actor], fault));
    }

    [When("^" + StepPatterns.Actor + " attempts to send a message to (Alice|Bob)'s conversation$")]
    public async Task WhenAttemptsToSendAMessageToSomeonesConversation(string actor, string owner) =>
        attempts.Record(await channel.AttemptToPostAsync(cast[actor], cast[owner].LatestConversation));

    [Then("^" + StepPatterns.Actor + "'s agent channel is closed as a policy violation$")]
    public async Task ThenTheAgentChannelIsClosedAsAPolicyViolation(string actor) =>
        Assert.That(await channel.AwaitClosedAsync(cast[actor]), Is.EqualTo(1008), $"{actor}'s channel was not closed with 1008 (policy violation).");
}
