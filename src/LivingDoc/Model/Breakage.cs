using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc.Model;

/// <summary>
/// Tells a broken environment from a failing product: a failed execution is <see cref="ScenarioStatus.Broken"/> when
/// its failing step is a hook (a Before/After hook failed), or when its error's type matches one of the environment
/// fault types (<see cref="LivingDocOptions.BrokenErrorTypes"/>, regexes matched against the type name).
/// </summary>
public sealed class Breakage
{
    private readonly List<(string Pattern, Regex Regex)> _types = new();
    /// <summary>Per error type, the pattern it matched (or null): a run has a handful of types, so each is matched once.</summary>
    private readonly Dictionary<string, string?> _byType = new(StringComparer.Ordinal);

    public Breakage(IEnumerable<string>? errorTypes, List<string>? warnings = null)
    {
        foreach (var pattern in errorTypes ?? [])
        {
            if (string.IsNullOrWhiteSpace(pattern)) continue;
            try
            {
                _types.Add((pattern, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
            }
            catch (ArgumentException e)
            {
                warnings?.Add($"Broken error type {pattern} is not a valid regular expression and is ignored: {e.Message}");
            }
        }
    }

    /// <summary>Why a failed execution counts as broken, or null when it is a product failure (or did not fail).</summary>
    public string? Why(Execution execution)
    {
        if (execution.Status != ScenarioStatus.Failed || execution.FailingStep is not { } step) return null;
        if (step.Hook is not null) return $"{step.Text} failed";
        if (step.ErrorType is { Length: > 0 } type && Matching(type) is { } pattern)
            return $"{type} is an environment fault (broken error type {pattern})";
        return null;
    }

    /// <summary>Marks the execution Broken, with its reason, when it is.</summary>
    public void Apply(Execution execution)
    {
        if (Why(execution) is not { } reason) return;
        execution.Status = ScenarioStatus.Broken;
        execution.BrokenReason = reason;
    }

    private string? Matching(string type)
    {
        if (_types.Count == 0) return null;
        if (_byType.TryGetValue(type, out var cached)) return cached;
        string? found = null;
        foreach (var (pattern, regex) in _types)
        {
            try
            {
                if (regex.IsMatch(type)) { found = pattern; break; }
            }
            catch (RegexMatchTimeoutException) { }
        }
        return _byType[type] = found;
    }
}
