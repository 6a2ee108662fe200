using System.Collections.Concurrent;
using NUnit.Framework;

[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

namespace Acceptance.ReferencePlatform.Tests.Support;

/// <summary>
/// In-process platforms on free ports, one per configuration, shared by every test that needs that
/// configuration and stopped when the run ends.
/// </summary>
public static class Platforms
{
    public const string E2EKey = "test-bypass-key";

    private static readonly ConcurrentDictionary<string, Lazy<Task<PlatformHost>>> Started = new();

    /// <summary>The default configuration, with a short agent step so runs are quick, and an e2e key for making users.</summary>
    public static Task<PlatformHost> Default() => Get("default", "--Platform:Agent:StepDelayMs=10", $"--Platform:E2EBypassKey={E2EKey}");

    /// <summary>A platform with these settings (besides free ports), started once per distinct set.</summary>
    public static Task<PlatformHost> Get(string name, params string[] settings) =>
        Started.GetOrAdd(name, _ => new Lazy<Task<PlatformHost>>(() => PlatformHost.StartAsync(
            ["--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0", .. settings]))).Value;

    public static async Task StopAllAsync()
    {
        foreach (var platform in Started.Values.Where(p => p.IsValueCreated))
        {
            try
            {
                await (await platform.Value).DisposeAsync();
            }
            catch (Exception e)
            {
                TestContext.Progress.WriteLine($"A platform failed to start or stop: {e.Message}");
            }
        }
        Started.Clear();
    }
}
