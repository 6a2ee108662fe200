using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Auth;

/// <summary>Counts failed sign-ins per email in a sliding window; past the limit every attempt is refused.</summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _failures = new(StringComparer.OrdinalIgnoreCase);

    private LockoutOptions Lockout => options.Value.Lockout;

    /// <summary>How long until another attempt is allowed, or null when it is allowed now.</summary>
    public TimeSpan? RetryAfter(string email)
    {
        if (!_failures.TryGetValue(Key(email), out var failures))
        {
            return null;
        }
        lock (failures)
        {
            var now = DateTimeOffset.UtcNow;
            var window = TimeSpan.FromSeconds(Lockout.WindowSeconds);
            failures.RemoveAll(f => now - f >= window);
            if (failures.Count < Lockout.MaxFailures)
            {
                return null;
            }
            // Allowed again once enough failures have left the window.
            return failures[failures.Count - Lockout.MaxFailures] + window - now;
        }
    }

    public void RecordFailure(string email)
    {
        var failures = _failures.GetOrAdd(Key(email), _ => []);
        lock (failures)
        {
            failures.Add(DateTimeOffset.UtcNow);
        }
    }

    public void Reset(string email) => _failures.TryRemove(Key(email), out _);

    private static string Key(string email) => email.Trim();
}
