using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Support;

/// <summary>A fixture whose tests talk to the shared default platform through one client.</summary>
public abstract class DefaultPlatformFixture
{
    protected PlatformClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartClientAsync() => Client = new PlatformClient(await Platforms.Default());

    [OneTimeTearDown]
    public void DisposeClient() => Client.Dispose();
}
