using NUnit.Framework;
using Reqnroll;

namespace Runner.Samples.Bindings;

[Binding]
public sealed class BasketSteps(Basket basket, ScenarioContext scenario)
{
    private string? _leftOver;

    [Given("an empty basket")]
    public void GivenAnEmptyBasket() => basket.Count = 0;

    [Given("the basket already holds {int} item(s)")]
    public void GivenTheBasketAlreadyHolds(int count) => basket.Count = count;

    [When("{int} items are added")]
    public void WhenItemsAreAdded(int count) => basket.Count += count;

    [When("these items are added:")]
    public void WhenTheseItemsAreAdded(Table table) =>
        basket.Count += table.Rows.Sum(row => int.Parse(row["quantity"], System.Globalization.CultureInfo.InvariantCulture));

    [When("a note is written:")]
    public void WhenANoteIsWritten(string note) => basket.Note = note;

    [When("the basket is sent by drone")]
    public void WhenTheBasketIsSentByDrone() => throw new PendingStepException();

    [Then("the basket holds {int} items")]
    public void ThenTheBasketHolds(int count) => Assert.That(basket.Count, Is.EqualTo(count), "items in the basket");

    [Then("the note has {int} lines")]
    public void ThenTheNoteHasLines(int lines) => Assert.That(basket.Note!.Split('\n'), Has.Length.EqualTo(lines));

    [Given("the scenario context holds {string}")]
    public void GivenTheScenarioContextHolds(string value)
    {
        scenario["left-over"] = value;
        _leftOver = value;
    }

    [Then("the scenario context is empty")]
    public void ThenTheScenarioContextIsEmpty()
    {
        Assert.That(scenario.ContainsKey("left-over"), Is.False, "a value from the previous scenario leaked");
        Assert.That(_leftOver, Is.Null, "a binding instance was reused across scenarios");
    }

    [Then("the basket is empty")]
    public void ThenTheBasketIsEmpty() => Assert.That(basket.Count, Is.Zero);
}

/// <summary>A second binding class: sees the same <see cref="Basket"/> instance within a scenario.</summary>
[Binding]
public sealed class OtherBasketSteps(Basket basket)
{
    [Then("the other binding sees {int} items")]
    public void ThenTheOtherBindingSees(int count) => Assert.That(basket.Count, Is.EqualTo(count));
}
