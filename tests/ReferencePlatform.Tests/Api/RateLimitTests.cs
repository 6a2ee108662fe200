using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Api;

[TestFixture]
public sealed class RateLimitTests
{
    [Test]
    public async Task Past_the_per_user_limit_calls_get_429_with_Retry_After_while_other_users_go_on()
    {
        using var client = new PlatformClient(await Platforms.Get("rate-limit", "--Platform:RateLimit:PermitsPerMinute=3",
            $"--Platform:E2EBypassKey={Platforms.E2EKey}"));
        var busy = await client.NewUserAsync("busy");
        var calm = await client.NewUserAsync("calm");

        for (var i = 1; i <= 3; i++)
        {
            var allowed = await client.GetAsync(client.Api("/api/threads"), busy.AccessToken);
            Assert.That(allowed.Code, Is.EqualTo(200), $"call {i}: {allowed}");
        }
        var refused = await client.GetAsync(client.Api("/api/threads"), busy.AccessToken);

        Assert.That(refused.Code, Is.EqualTo(429), refused.ToString());
        Assert.That(int.Parse(refused.Header("Retry-After")!), Is.InRange(1, 60));
        ErrorFormatTests.AssertErrorFormat(refused, "RATE_LIMITED");
        var other = await client.GetAsync(client.Api("/api/threads"), calm.AccessToken);
        Assert.That(other.Code, Is.EqualTo(200), $"another user was limited too: {other}");
    }
}
