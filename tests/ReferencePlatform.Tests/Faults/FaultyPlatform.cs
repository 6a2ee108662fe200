using Acceptance.ReferencePlatform.Tests.Support;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>
/// A platform of one test's own with fault switches on, stopped when the test ends. Not kept for the run as
/// <see cref="Platforms"/> keeps its platforms: each one holds file watchers (inotify instances, 128 per user on
/// these machines), and a platform per switch kept to the end would exhaust them.
/// </summary>
public sealed class FaultyPlatform : IAsyncDisposable
{
    private FaultyPlatform(PlatformHost host)
    {
        Host = host;
        Client = new PlatformClient(host);
    }

    public PlatformHost Host { get; }

    public PlatformClient Client { get; }

    /// <summary>
    /// Faults as "Name=value" (whole settings may be given too, starting with "--"); quick agent steps, an e2e key
    /// for making users, and the identity provider only when asked for.
    /// </summary>
    public static async Task<FaultyPlatform> StartAsync(string[] faults, bool withProvider = false)
    {
        string[] settings =
        [
            "--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0",
            "--Platform:Agent:StepDelayMs=10", $"--Platform:E2EBypassKey={Platforms.E2EKey}", $"--Platform:Oidc:Enabled={withProvider}",
            .. faults.Select(f => f.StartsWith("--", StringComparison.Ordinal) ? f : "--Platform:Faults:" + f),
        ];
        return new FaultyPlatform(await PlatformHost.StartAsync(settings));
    }

    public static Task<FaultyPlatform> StartAsync(params string[] faults) => StartAsync(faults, withProvider: false);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
