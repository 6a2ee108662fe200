using System.Diagnostics;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>
/// Paces what one connection may send: a token bucket of <c>Platform:Agent:InboundBurst</c> messages refilled at
/// <c>Platform:Agent:InboundMessagesPerSecond</c>. Past it the platform simply reads that connection more slowly,
/// so a flooding client fills its own TCP window and waits, and costs the platform no more than a busy client
/// does; nothing is refused and nothing is lost. Zero or less switches pacing off.
/// </summary>
public sealed class InboundPacer(double messagesPerSecond, int burst)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens = Math.Max(1, burst);
    private TimeSpan _last = TimeSpan.Zero;

    /// <summary>How long to wait before reading the next message (zero when the bucket has a token left).</summary>
    public TimeSpan Take()
    {
        if (messagesPerSecond <= 0) return TimeSpan.Zero;
        var now = _clock.Elapsed;
        _tokens = Math.Min(Math.Max(1, burst), _tokens + (now - _last).TotalSeconds * messagesPerSecond);
        _last = now;
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / messagesPerSecond);
    }
}
