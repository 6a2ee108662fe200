using System.Text.RegularExpressions;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>What a child run of the matrix showed for one proof: the failure at the expected Then step, if it came.</summary>
public sealed record ProofOutcome(Proof Proof, StepFailure? Failure, string? Problem);

/// <summary>Judges a child run against its matrix row, from the scenario cases its Cucumber messages record.</summary>
public static class MatrixVerdict
{
    /// <summary>Each proof's outcome, and the problems with the other scenarios (a scenario that failed but should have passed).</summary>
    public static (IReadOnlyList<ProofOutcome> Proofs, IReadOnlyList<string> Others) Judge(
        FaultRun row, IReadOnlyList<ScenarioCase> cases, IReadOnlyList<StepBinding> thenBindings)
    {
        var outcomes = row.Proofs.Select(proof => JudgeProof(proof, cases, thenBindings)).ToList();
        var proven = row.Proofs.Select(p => (p.Feature, p.Scenario)).ToHashSet();
        var others = cases
            .Where(c => !proven.Contains((c.Feature, c.Name)) && !row.AlsoFailing.ContainsKey(c.Name) && !c.Passed)
            .Select(c => $"{c.Name} ({c.Feature}) should pass under this fault but did not: {c.Failure}")
            .ToList();
        return (outcomes, others);
    }

    private static ProofOutcome JudgeProof(Proof proof, IReadOnlyList<ScenarioCase> cases, IReadOnlyList<StepBinding> thenBindings)
    {
        var bindings = thenBindings.Where(b => b.Binding == proof.Binding).ToList();
        if (bindings.Count == 0) return new(proof, null, $"{proof.Binding} is not a Then binding of the suite.");
        var matching = cases.Where(c => c.Feature == proof.Feature && c.Name == proof.Scenario).ToList();
        if (matching.Count == 0)
            return new(proof, null, $"The run holds no scenario \"{proof.Scenario}\" of {proof.Feature}: the filter selected it not, or it was renamed.");
        if (matching.Count > 1) return new(proof, null, $"The run holds {matching.Count} scenario cases named \"{proof.Scenario}\": name one case.");
        var scenario = matching[0];
        if (scenario.Passed) return new(proof, null, $"\"{proof.Scenario}\" passed: the fault was not caught.");
        var failure = scenario.Failure!;
        if (failure.Keyword != "Then" || failure.Binding != proof.Binding)
            return new(proof, failure, $"\"{proof.Scenario}\" failed, but at {failure.Keyword} {failure.Text} ({failure.Binding ?? "no binding"}, {failure.Status}), " +
                                       $"not at a Then step of {proof.Binding}: {failure.FirstLine}");
        if (failure.Status != "FAILED")
            return new(proof, failure, $"\"{proof.Scenario}\" stopped at its Then step with {failure.Status}, not a failure: {failure.FirstLine}");
        if (!bindings.Any(b => b.Matches(failure.Text)))
            return new(proof, failure, $"The step text \"{failure.Text}\" does not match the regex the matrix made for {proof.Binding}: " +
                                       string.Join(" or ", bindings.Select(b => b.Regex)));
        if (!Regex.IsMatch(failure.Message, proof.Cause))
            return new(proof, failure, $"\"{proof.Scenario}\" failed at Then {failure.Text}, but its message does not match /{proof.Cause}/:\n{failure.Message}");
        return new(proof, failure, null);
    }
}
