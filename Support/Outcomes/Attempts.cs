namespace Acceptance.Support.Outcomes;

/// <summary>The outcomes of a scenario's "attempts to …" steps, most recent last (scenario-scoped).</summary>
public sealed class Attempts
{
    private readonly List<Outcome> _outcomes = new();

    public void Record(Outcome outcome) => _outcomes.Add(outcome);

    public IReadOnlyList<Outcome> All => _outcomes;

    public Outcome Last => _outcomes.Count > 0
        ? _outcomes[^1]
        : throw new InvalidOperationException("No attempt was made in this scenario before its outcome was checked.");
}
