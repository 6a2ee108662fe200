namespace Acceptance.Runner;

/// <summary>
/// The time a scenario may take, injectable into bindings and drivers. <see cref="Token"/> is cancelled when the
/// limit is reached, so that a driver waiting on the network can stop at once instead of hanging the run.
/// </summary>
public sealed class ScenarioTimeLimit
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _queued;
    private TimeSpan? _queueingSince;
    private int _queueing;

    public ScenarioTimeLimit(TimeSpan limit, CancellationToken token)
    {
        Limit = limit;
        Token = token;
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token { get; }

    /// <summary>The time the scenario has used so far: time since it started, less the time it queued for a shared resource.</summary>
    public TimeSpan Used
    {
        get
        {
            lock (_gate)
            {
                var queued = _queued + (_queueingSince is { } since ? _clock.Elapsed - since : TimeSpan.Zero);
                return _clock.Elapsed - queued;
            }
        }
    }

    public TimeSpan Remaining => Limit - Used is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>
    /// Until disposed, the scenario is queueing for something scenarios share and take turns at (a browser of a
    /// small pool): that time does not count against its limit. The wait itself must have its own deadline.
    /// </summary>
    public IDisposable Queueing()
    {
        lock (_gate)
        {
            if (_queueing++ == 0) _queueingSince = _clock.Elapsed;
        }
        return new QueueingPeriod(this);
    }

    private void EndQueueing()
    {
        lock (_gate)
        {
            if (--_queueing == 0 && _queueingSince is { } since)
            {
                _queued += _clock.Elapsed - since;
                _queueingSince = null;
            }
        }
    }

    private sealed class QueueingPeriod(ScenarioTimeLimit owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.EndQueueing();
        }
    }

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
