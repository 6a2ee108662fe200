using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests;

/// <summary>Stops the shared platforms after the last test.</summary>
[SetUpFixture]
public sealed class PlatformsTearDown
{
    [OneTimeTearDown]
    public Task StopAsync() => Platforms.StopAllAsync();
}
