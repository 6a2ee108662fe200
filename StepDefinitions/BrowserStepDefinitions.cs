using Acceptance.Support.Actors;
using Acceptance.Support.Drivers.Browser;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>The web app as a person uses it: the login and chat pages.</summary>
[Binding]
public sealed class BrowserStepDefinitions(Cast cast, LoginPageDriver login, ChatPageDriver chat, AccessibilityDriver accessibility)
{
    private ObservedProgress? _progress;
    private IReadOnlyList<AccessibilityViolation> _violations = [];

    [Given("^" + StepPatterns.Actor + " has signed in through the login page$")]
    public async Task SignsInThroughTheLoginPage(string actor)
    {
        await WhenSignsInThroughTheLoginPage(actor);
        await chat.ExpectShownForAsync(cast[actor].Persona.Email!);
    }

    // Only the action: where it leads is the Then step's to judge.
    [When("^" + StepPatterns.Actor + " signs in through the login page$")]
    public Task WhenSignsInThroughTheLoginPage(string actor)
    {
        var persona = cast[actor].Persona;
        return login.SignInAsync(persona.Email!, persona.Password ?? throw new InvalidOperationException($"{actor} has no password in these settings."));
    }

    [Then("^" + StepPatterns.Actor + " sees " + StepPatterns.Pronoun + " chat page$")]
    public Task ThenSeesTheChatPage(string actor) => chat.ExpectShownForAsync(cast[actor].Persona.Email!);

    [When("^" + StepPatterns.Actor + " asks the agent \"(.*)\" in the browser$")]
    public async Task WhenAsksTheAgentInTheBrowser(string actor, string question) =>
        _progress = await chat.AskAndObserveProgressAsync(question);

    [Then("^" + StepPatterns.Actor + " sees the agent thinking and its tool step before the answer$")]
    public void ThenSeesTheAgentThinkingAndItsToolStepBeforeTheAnswer(string actor)
    {
        var progress = _progress ?? throw new InvalidOperationException($"{actor} has not asked the agent in the browser in this scenario.");
        Assert.That(progress.Stages, Is.EqualTo(new[] { "thinking", "tool step", "answer" }),
            $"{actor} saw the stages in this order: {string.Join(", ", progress.Stages)}");
        // An empty answer card is not an answer.
        Assert.That(progress.AnswerProblem(), Is.Null, $"{actor} saw no answer");
    }

    [Given("^" + StepPatterns.Actor + " has signed out in the browser$")]
    public async Task GivenHasSignedOutInTheBrowser(string actor)
    {
        await chat.SignOutAsync();
        await login.ExpectShownAsync();
    }

    // Only the action: where it leads is the Then step's to judge.
    [When("^" + StepPatterns.Actor + " signs out in the browser$")]
    public Task WhenSignsOutInTheBrowser(string actor) => chat.SignOutAsync();

    [When("^" + StepPatterns.Actor + " attempts to open the chat page$")]
    public Task WhenAttemptsToOpenTheChatPage(string actor) => chat.OpenAsync();

    [Then("^" + StepPatterns.Actor + " is on the login page$")]
    public Task ThenIsOnTheLoginPage(string actor) => login.ExpectShownAsync();

    [Given("^" + StepPatterns.Actor + " is on the (login page|chat page)$")]
    public async Task GivenIsOnThePage(string actor, string page)
    {
        if (page == "login page") await login.OpenAsync();
        else await SignsInThroughTheLoginPage(actor);
    }

    [When("^the (login page|chat page) is checked for accessibility$")]
    public async Task WhenThePageIsCheckedForAccessibility(string page) => _violations = await accessibility.ScanAsync();

    [Then("it has no serious or critical accessibility violations")]
    public void ThenItHasNoSeriousOrCriticalAccessibilityViolations() =>
        Assert.That(_violations.Where(v => v.Impact is "serious" or "critical"), Is.Empty,
            string.Join("\n", _violations.Select(v => $"{v.Impact}: {v.Rule} — {v.Help} ({v.Nodes} element(s))")));
}
