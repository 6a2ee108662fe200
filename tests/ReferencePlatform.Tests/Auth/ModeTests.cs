using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Auth;

/// <summary>Production mode and a platform without an e2e key.</summary>
// Timing-sensitive (2 s tokens): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class ModeTests
{
    private PlatformClient _production = null!;
    private PlatformClient _noKey = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _production = new PlatformClient(await Platforms.Get("production",
            "--Platform:DevelopmentMode=false", "--Platform:Production=true", $"--Platform:E2EBypassKey={Platforms.E2EKey}"));
        _noKey = new PlatformClient(await Platforms.Get("short-tokens", "--Platform:Jwt:AccessTokenSeconds=2", "--Platform:Jwt:ClockSkewSeconds=0",
            "--Platform:Agent:StepDelayMs=10"));
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _production.Dispose();
        _noKey.Dispose();
    }

    [Test]
    public async Task The_dev_login_is_403_outside_development_mode()
    {
        var response = await _production.PostJsonAsync(_production.Auth("/auth/dev/login"), null);
        Assert.That(response.Code, Is.EqualTo(403), response.ToString());
    }

    [Test]
    public async Task The_config_hides_the_dev_login_outside_development_mode()
    {
        var body = (await _production.GetAsync(_production.Auth("/auth/config"))).Json;
        Assert.That(body.GetProperty("development_mode").GetBoolean(), Is.False);
        Assert.That(body.GetProperty("endpoints").TryGetProperty("dev_login", out _), Is.False);
        var script = await _production.GetAsync(_production.App("/config.js"));
        Assert.That(script.Body, Does.Contain("\"developmentMode\":false"));
    }

    [Test]
    public async Task The_e2e_test_auth_is_403_in_production_even_with_the_right_key()
    {
        var response = await _production.PostJsonAsync(_production.Auth("/auth/e2e/test-auth"), new { },
            headers: new Dictionary<string, string> { ["X-E2E-Bypass-Key"] = Platforms.E2EKey });
        Assert.That(response.Code, Is.EqualTo(403), response.ToString());
    }

    [Test]
    public async Task The_e2e_test_auth_is_503_where_no_key_is_configured()
    {
        var response = await _noKey.PostJsonAsync(_noKey.Auth("/auth/e2e/test-auth"), new { },
            headers: new Dictionary<string, string> { ["X-E2E-Bypass-Key"] = Platforms.E2EKey });
        Assert.That(response.Code, Is.EqualTo(503), response.ToString());
    }

    [Test]
    public async Task An_access_token_stops_working_when_it_expires()
    {
        var alice = await _noKey.LoginAsync("alice@example.com", "correct-horse-alice");
        Assert.That((await _noKey.GetAsync(_noKey.Api("/api/threads"), alice.AccessToken)).Code, Is.EqualTo(200));
        await Task.Delay(TimeSpan.FromSeconds(3.1));
        var after = await _noKey.GetAsync(_noKey.Api("/api/threads"), alice.AccessToken);
        Assert.That(after.Code, Is.EqualTo(401), after.ToString());
        var validate = await _noKey.PostJsonAsync(_noKey.Auth("/auth/validate"), new { token = alice.AccessToken });
        Assert.That(validate.Json.GetProperty("error").GetString(), Is.EqualTo("token_expired"));
    }
}
