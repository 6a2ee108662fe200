using Acceptance.Support.Actors;
using Acceptance.Support.Drivers;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Platform;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>Signing in and out, refreshing, and the sessions they give.</summary>
[Binding]
public sealed class SessionStepDefinitions(Cast cast, IdentityDriver identity, SessionDriver sessions, Attempts attempts, PlatformUnderTest platform)
{
    private const string Developer = Acceptance.Support.Configuration.PersonaRequirements.Developer;

    [When("the developer signs in with the quick dev sign-in")]
    public async Task WhenTheDeveloperSignsInWithTheQuickDevSignIn()
    {
        var developer = cast.OwnAccount(Developer);
        var result = await identity.DevSignInAsync(developer);
        developer.Session = result.Session ?? throw new InvalidOperationException($"The quick dev sign-in failed: {result.Outcome.Evidence}");
    }

    [Then("the developer's session shows the development profile")]
    public Task ThenTheDevelopersSessionShowsTheDevelopmentProfile() => ThenSessionShowsOwnProfile(Developer);

    [When("^a test harness signs " + StepPatterns.Actor + " in with the bypass key$")]
    public async Task WhenATestHarnessSignsInWithTheBypassKey(string actor)
    {
        var who = cast[actor];
        var key = platform.Targets.BypassKey ?? throw new InvalidOperationException("The suite has no bypass key (ACCEPTANCE_Auth__E2EBypassKey).");
        var result = await identity.BypassSignInAsync(who, key, who.Persona.Email!, who.Persona.DisplayName);
        who.Session = result.Session ?? throw new InvalidOperationException($"The bypass sign-in failed for {who}: {result.Outcome.Evidence}");
    }

    [When("someone attempts the test sign-in with a wrong bypass key")]
    public async Task WhenSomeoneAttemptsTheTestSignInWithAWrongBypassKey()
    {
        var result = await identity.BypassSignInAsync(cast["someone"], "wrong-" + Guid.NewGuid().ToString("N"), cast["Alice"].Persona.Email!, null);
        attempts.Record(result.Outcome with { Attempt = "a test sign-in with a wrong bypass key" });
    }

    [Given("^" + StepPatterns.Actor + " is signed in$")]
    public Task GivenIsSignedIn(string actor) => sessions.SignInAsync(cast[actor]);

    [Given("^" + StepPatterns.Actor + " has signed in with " + StepPatterns.Pronoun + " password$")]
    [When("^" + StepPatterns.Actor + " signs in with " + StepPatterns.Pronoun + " password$")]
    public async Task SignsInWithPassword(string actor)
    {
        var who = cast[actor];
        var result = await identity.SignInAsync(who, who.Persona.Email, who.Persona.Password, $"{who} signs in with the password");
        who.Session = result.Session ?? throw new InvalidOperationException($"{who} could not sign in: {result.Outcome.Evidence}");
    }

    [Then("^" + StepPatterns.Actor + "'s (?:refreshed )?session shows " + StepPatterns.Pronoun + " own profile$")]
    public async Task ThenSessionShowsOwnProfile(string actor)
    {
        var who = cast[actor];
        var (outcome, profile) = await identity.ProfileAsync(who, who.RequireSession().AccessToken, $"{who} reads the profile");
        Assert.That(profile?.Email, Is.EqualTo(who.Persona.Email).IgnoreCase, $"The profile is not {who}'s: {outcome.Evidence}");
    }

    [Given("^someone has attempted to sign in with (Alice's email and a wrong password|an unknown email)$")]
    [When("^someone attempts to sign in with (Alice's email and a wrong password|an unknown email)$")]
    public async Task AttemptsToSignInWith(string credentials)
    {
        var email = credentials == "an unknown email" ? Personas.UnknownEmail() : cast["Alice"].Persona.Email;
        var result = await identity.SignInAsync(cast["someone"], email, Personas.WrongPassword(), $"sign in with {credentials}");
        attempts.Record(result.Outcome with { Attempt = $"a sign-in with {credentials}" });
    }

    [Then("both refusals carry the same message")]
    public void ThenBothRefusalsCarryTheSameMessage()
    {
        var (first, second) = (attempts.All[^2], attempts.All[^1]);
        // Two sign-ins that were let in, or refused without a word, would "carry the same message" too.
        var notRefusals = new[] { first, second }.Where(o => o.Status is not (>= 400 and < 500) || string.IsNullOrWhiteSpace(o.Message)).ToList();
        Assert.That(notRefusals, Is.Empty, "Each must be a refusal that says why:\n  " + string.Join("\n  ", notRefusals));
        Assert.That((second.Status, second.Message), Is.EqualTo((first.Status, first.Message)),
            $"The refusals differ:\n  {first}\n  {second}");
    }

    [When("^someone attempts to sign in without (an email|a password|an email or a password)$")]
    public async Task AttemptsToSignInWithout(string missing)
    {
        var alice = cast["Alice"].Persona;
        var email = missing.Contains("email") ? null : alice.Email;
        var password = missing.Contains("password") ? null : alice.Password;
        var result = await identity.SignInAsync(cast["someone"], email, password, $"sign in without {missing}");
        attempts.Record(result.Outcome with { Attempt = $"a sign-in without {missing}" });
    }

    [Given("a newcomer has registered an account")]
    public Task GivenANewcomerHasRegisteredAnAccount() => sessions.RegisterAsync(cast.Add(Personas.Newcomer("the newcomer")));

    [Given("someone has tried five wrong passwords for the newcomer's account")]
    public async Task GivenFiveWrongPasswords()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
            await identity.SignInAsync(cast["someone"], cast["the newcomer"].Persona.Email, Personas.WrongPassword(), $"wrong password {attempt} of 5");
    }

    [When("the newcomer attempts to sign in with the right password")]
    public async Task WhenTheNewcomerAttemptsToSignInWithTheRightPassword()
    {
        var newcomer = cast["the newcomer"];
        var result = await identity.SignInAsync(newcomer, newcomer.Persona.Email, newcomer.Persona.Password, "sign in with the right password");
        attempts.Record(result.Outcome with { Attempt = "the newcomer's sign-in with the right password" });
    }

    [Given("^" + StepPatterns.Actor + " has refreshed " + StepPatterns.Pronoun + " session$")]
    [When("^" + StepPatterns.Actor + " refreshes " + StepPatterns.Pronoun + " session$")]
    public async Task RefreshesSession(string actor)
    {
        var who = cast[actor];
        var result = await identity.RefreshAsync(who, who.RequireSession().RefreshToken, $"{who} refreshes the session");
        who.PreviousSession = who.Session;
        who.Session = result.Session ?? throw new InvalidOperationException($"{who} could not refresh: {result.Outcome.Evidence}");
        Assert.That(who.Session.RefreshToken, Is.Not.EqualTo(who.PreviousSession!.RefreshToken), "The refresh gave back the same refresh token.");
    }

    [When("^" + StepPatterns.Actor + " attempts to refresh " + StepPatterns.Pronoun + " session with the old refresh token$")]
    public async Task WhenAttemptsToRefreshWithTheOldRefreshToken(string actor)
    {
        var who = cast[actor];
        var old = who.PreviousSession ?? throw new InvalidOperationException($"{who} has no earlier session to reuse.");
        var result = await identity.RefreshAsync(who, old.RefreshToken, $"{who} reuses the old refresh token");
        attempts.Record(result.Outcome with { Attempt = $"{who}'s refresh with an already used refresh token" });
    }

    [Given("^" + StepPatterns.Actor + " has signed out$")]
    [When("^" + StepPatterns.Actor + " signs out$")]
    public async Task SignsOut(string actor)
    {
        var who = cast[actor];
        var outcome = await identity.SignOutAsync(who, who.RequireSession().AccessToken);
        Assert.That(outcome.Status, Is.EqualTo(200), $"Signing out failed: {outcome.Evidence}");
        who.PreviousSession = who.Session;
        who.Session = null;
    }

    [When("^" + StepPatterns.Actor + " attempts to read " + StepPatterns.Pronoun + " profile$")]
    public async Task WhenAttemptsToReadProfile(string actor)
    {
        var who = cast[actor];
        var (outcome, _) = await identity.ProfileAsync(who, who.Session?.AccessToken, $"{who} reads the profile");
        attempts.Record(outcome with { Attempt = $"{who}'s attempt to read a profile" });
    }
}
