using Acceptance.Support.Outcomes;
using Reqnroll;

namespace Acceptance.StepDefinitions;

/// <summary>The one way features state an expected refusal; the keys are mapped in <see cref="Refusals"/>.</summary>
[Binding]
public sealed class RefusalStepDefinitions(Attempts attempts)
{
    [Then("it is refused with {string}")]
    public void ThenItIsRefusedWith(string refusal) => Refusals.Verify(refusal, attempts.Last);
}
