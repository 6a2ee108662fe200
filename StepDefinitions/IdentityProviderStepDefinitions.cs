using Acceptance.Support.Actors;
using Acceptance.Support.Oidc;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Platform;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>Signing in through the OpenID Connect provider, and what the provider refuses.</summary>
[Binding]
public sealed class IdentityProviderStepDefinitions(
    Cast cast, OidcDriver provider, ProviderSessions sessions, WebAppProviderSignIn webApp, Attempts attempts, PlatformUnderTest platform)
{
    private const string UnregisteredAddress = "https://unregistered.example/callback";

    [When("^" + StepPatterns.Actor + " signs in through the identity provider on the login page$")]
    public Task WhenSignsInOnTheLoginPage(string actor)
    {
        var persona = cast[actor].Persona;
        return webApp.SignInAsync(persona.Email!, persona.Password ?? throw new InvalidOperationException($"{actor} has no password in these settings."));
    }

    [Given("^" + StepPatterns.Actor + " has signed in through the identity provider$")]
    public Task GivenHasSignedInThroughTheProvider(string actor) => SignInThroughTheProviderAsync(actor, nonceJudgedLater: false);

    // Whether the ID token echoes the request's nonce is the Then step's to judge.
    [When("^" + StepPatterns.Actor + " signs in through the identity provider$")]
    public Task WhenSignsInThroughTheProvider(string actor) => SignInThroughTheProviderAsync(actor, nonceJudgedLater: true);

    private async Task SignInThroughTheProviderAsync(string actor, bool nonceJudgedLater)
    {
        var who = cast[actor];
        var signIn = await provider.SignInAsync(who, nonceJudgedLater);
        who.Session = signIn.Session;
        sessions.Record(who, signIn);
    }

    [Then("^" + StepPatterns.Actor + "'s ID token is genuine$")]
    public async Task ThenTheIdTokenIsGenuine(string actor)
    {
        var problems = await provider.IdTokenProblemsAsync(sessions.Of(cast[actor]));
        Assert.That(problems, Is.Empty, $"{actor}'s ID token failed these checks");
    }

    [Given("^" + StepPatterns.Actor + " has refreshed " + StepPatterns.Pronoun + " provider session$")]
    public async Task GivenHasRefreshedTheProviderSession(string actor)
    {
        var who = cast[actor];
        var old = who.RequireSession().RefreshToken;
        var (outcome, session) = await provider.RefreshAsync(who, $"{who} refreshes the provider session", old);
        who.Session = session ?? throw new InvalidOperationException($"{who} could not refresh: {outcome.Evidence}");
        sessions.RecordRotation(who, old);
    }

    [When("^" + StepPatterns.Actor + " attempts to refresh " + StepPatterns.Pronoun + " provider session$")]
    public Task WhenAttemptsToRefresh(string actor) => AttemptRefreshAsync(cast[actor], sessions.Of(cast[actor]).Session.RefreshToken);

    [When("^" + StepPatterns.Actor + " attempts to refresh " + StepPatterns.Pronoun + " provider session with the old refresh token$")]
    public Task WhenAttemptsToRefreshWithTheOldToken(string actor) => AttemptRefreshAsync(cast[actor], sessions.OldRefreshTokenOf(cast[actor]));

    [Given("^" + StepPatterns.Actor + " has ended " + StepPatterns.Pronoun + " session at the identity provider$")]
    [When("^" + StepPatterns.Actor + " ends " + StepPatterns.Pronoun + " session at the identity provider$")]
    public async Task EndsTheSession(string actor)
    {
        var who = cast[actor];
        var outcome = await provider.EndSessionAsync(who, sessions.Of(who).IdToken);
        Assert.That(outcome.Status, Is.AnyOf(200, 302, 303), $"ending the session: {outcome.Evidence}");
        who.PreviousSession = who.Session;
    }

    [When("^" + StepPatterns.Actor + "'s app attempts to start a sign-in (without PKCE|with plain PKCE|that returns to an unregistered address)$")]
    public async Task WhenTheAppAttemptsToStartASignIn(string actor, string how)
    {
        var who = cast[actor];
        var (_, challenge) = OidcDriver.NewPkce();
        var settings = platform.Settings.Auth.Oidc;
        var redirect = how.Contains("unregistered") ? UnregisteredAddress : LoopbackRedirect(settings.RedirectUri);
        var outcome = await provider.AuthorizeAsync(who, $"a sign-in {how}", settings.ClientId, redirect,
            how == "without PKCE" ? null : challenge, how == "with plain PKCE" ? "plain" : "S256");
        attempts.Record(outcome with { RegisteredRedirect = how.Contains("unregistered") ? null : redirect });
    }

    [When("^an unknown app attempts to start a sign-in for " + StepPatterns.Actor + "$")]
    public async Task WhenAnUnknownAppStartsASignIn(string actor)
    {
        var (_, challenge) = OidcDriver.NewPkce();
        attempts.Record(await provider.AuthorizeAsync(cast[actor], "a sign-in by an unknown app", "unknown-app-" + Guid.NewGuid().ToString("N")[..8],
            LoopbackRedirect(platform.Settings.Auth.Oidc.RedirectUri), challenge, "S256"));
    }

    [Then("nobody is sent to the unregistered address")]
    public void ThenNobodyIsSentToTheUnregisteredAddress() =>
        Assert.That(attempts.Last.Header("Location") ?? "", Does.Not.StartWith(UnregisteredAddress), attempts.Last.Evidence);

    [Given("^" + StepPatterns.Actor + " has been given a sign-in code$")]
    public async Task GivenHasBeenGivenACode(string actor) => sessions.RecordCode(cast[actor], await provider.ObtainCodeAsync(cast[actor]));

    [Given("^" + StepPatterns.Actor + "'s app has redeemed the code$")]
    public async Task GivenTheAppHasRedeemedTheCode(string actor)
    {
        var who = cast[actor];
        var (outcome, session) = await provider.RedeemAsync(who, $"{who}'s app redeems the code", sessions.CodeOf(who));
        who.Session = session ?? throw new InvalidOperationException($"The code was not redeemed: {outcome.Evidence}");
    }

    [When("^" + StepPatterns.Actor + "'s app attempts to redeem the code (again|with the wrong proof)$")]
    public async Task WhenTheAppAttemptsToRedeem(string actor, string how)
    {
        var who = cast[actor];
        var verifier = how == "again" ? null : OidcDriver.NewPkce().Verifier;
        attempts.Record((await provider.RedeemAsync(who, $"{who}'s app redeeming the code {how}", sessions.CodeOf(who), verifier: verifier)).Outcome);
    }

    [When("^(another|an unknown) app attempts to redeem " + StepPatterns.Actor + "'s code$")]
    public async Task WhenAnotherAppAttemptsToRedeem(string which, string actor)
    {
        var who = cast[actor];
        var clientId = which == "another" ? platform.Settings.Auth.Oidc.OtherClientId : "unknown-app-" + Guid.NewGuid().ToString("N")[..8];
        attempts.Record((await provider.RedeemAsync(who, $"{which} app redeeming {who}'s code", sessions.CodeOf(who), clientId: clientId)).Outcome);
    }

    private async Task AttemptRefreshAsync(Actor who, string refreshToken) =>
        attempts.Record((await provider.RefreshAsync(who, $"{who}'s refresh of the provider session", refreshToken)).Outcome);

    // A registered loopback redirect on some port (RFC 8252), as the suite's client would use.
    private static string LoopbackRedirect(string configured) =>
        configured.Split("//", 2)[1].Split('/', 2)[0].Contains(':') ? configured : new UriBuilder(configured) { Port = 49152 }.Uri.ToString();
}
