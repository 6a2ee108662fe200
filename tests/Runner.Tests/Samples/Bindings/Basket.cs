namespace Runner.Samples.Bindings;

/// <summary>Scenario-scoped state shared by context injection between binding classes.</summary>
public sealed class Basket
{
    public int Count { get; set; }

    public string? Note { get; set; }
}
