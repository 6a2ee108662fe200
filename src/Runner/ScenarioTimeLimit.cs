namespace Acceptance.Runner;

/// <summary>
/// The time a scenario may take, injectable into bindings and drivers. <see cref="Token"/> is cancelled when the
/// limit is reached, so that a driver waiting on the network can stop at once instead of hanging the run.
/// </summary>
public sealed class ScenarioTimeLimit
{
    private readonly DateTimeOffset _deadline;

    public ScenarioTimeLimit(TimeSpan limit, CancellationToken token)
    {
        Limit = limit;
        Token = token;
        _deadline = DateTimeOffset.UtcNow + limit;
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token { get; }

    public TimeSpan Remaining => _deadline - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>The limit that applies to a scenario: its <c>@timeout:&lt;seconds&gt;</c> tag (own, rule or feature), else the default.</summary>
    public static TimeSpan For(ScenarioCase scenario, TimeSpan fallback)
    {
        // The scenario's own tags win over the rule's and the feature's.
        foreach (var tag in scenario.ScenarioTags.Concat(scenario.InheritedTags.Reverse()))
        {
            if (!tag.StartsWith("timeout:", StringComparison.OrdinalIgnoreCase)) continue;
            var value = tag["timeout:".Length..];
            return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new InvalidOperationException($"The tag @{tag} is not a valid time limit: write @timeout:<seconds>, e.g. @timeout:30.");
        }

        return fallback;
    }
}
