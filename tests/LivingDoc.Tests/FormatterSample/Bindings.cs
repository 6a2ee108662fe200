using Acceptance.Runner;
using NUnit.Framework;
using Reqnroll;

[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]

/// <summary>Starts and ends the Reqnroll test run around every feature.</summary>
[SetUpFixture]
public sealed class FormatterSampleRun : TestRunLifetime;

namespace FormatterSample
{
    [GherkinFeatures]
    public sealed class Features : FeatureFixture;

    [Binding]
    public sealed class BasketSteps
    {
        private int _items = -1;

        [Given("an empty basket")]
        public void GivenAnEmptyBasket() => _items = 0;

        [When("an apple is added")]
        public void WhenAnAppleIsAdded() => _items++;

        [Then("the basket holds {int} item(s)")]
        public void ThenTheBasketHolds(int count) => Assert.That(_items, Is.EqualTo(count));
    }
}
