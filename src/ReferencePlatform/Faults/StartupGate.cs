using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Faults;

/// <summary>
/// Tells whether the platform still counts as starting: until the origins listen, and then for
/// StartupDelayMs more (the fault), so a client that finds the port open still sees "starting".
/// </summary>
public sealed class StartupGate(IOptions<FaultOptions> faults)
{
    private readonly Stopwatch _sinceListening = new();

    public bool IsStarting => !_sinceListening.IsRunning || _sinceListening.ElapsedMilliseconds < faults.Value.StartupDelayMs;

    /// <summary>Called once all origins listen.</summary>
    public void Listening() => _sinceListening.Start();
}
