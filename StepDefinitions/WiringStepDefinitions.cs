using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

[Binding]
public sealed class WiringStepDefinitions(ScenarioContext scenario)
{
    [Given("the suite has started a scenario")]
    public void GivenTheSuiteHasStartedAScenario() => scenario["started"] = true;

    [Then("the scenario knows its own title")]
    public void ThenTheScenarioKnowsItsOwnTitle() =>
        Assert.That(scenario.ScenarioInfo.Title, Is.EqualTo("A scenario runs with its own context"));
}
