using System.Diagnostics;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>The fault switches of the identity service (sessions, profile, sign-in, /auth/config): each changes what it names.</summary>
[TestFixture]
public sealed class AuthFaultTests
{
    private const string Password = "correct-horse-battery";

    [Test]
    public async Task RefreshRotationNotEnforced_accepts_a_used_refresh_token_again()
    {
        await using var faulty = await FaultyPlatform.StartAsync("RefreshRotationNotEnforced=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();

        var first = await client.PostJsonAsync(client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        var again = await client.PostJsonAsync(client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });

        Assert.That((first.Code, again.Code), Is.EqualTo((200, 200)), $"{first} / {again}");
        var rotated = PlatformClient.FromPair(first.Json);
        Assert.That((await client.GetAsync(client.Auth("/auth/me"), rotated.AccessToken)).Code, Is.EqualTo(200), "the session lives on");
    }

    [Test]
    public async Task Without_RefreshRotationNotEnforced_a_used_refresh_token_is_401()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var user = await client.NewUserAsync();

        await client.PostJsonAsync(client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        var again = await client.PostJsonAsync(client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });

        Assert.That(again.Code, Is.EqualTo(401), again.ToString());
    }

    [Test]
    public async Task AuthConfigStatus_answers_auth_config_with_that_status_and_an_error_body()
    {
        await using var faulty = await FaultyPlatform.StartAsync("AuthConfigStatus=500");
        var client = faulty.Client;

        var config = await client.GetAsync(client.Auth("/auth/config"));

        Assert.That(config.Code, Is.EqualTo(500), config.ToString());
        Assert.That(config.Json.GetProperty("detail").GetString(), Is.Not.Empty, config.ToString());
        Assert.That((await client.GetAsync(client.Auth("/health"))).Code, Is.EqualTo(200), "only /auth/config is touched");
    }

    [Test]
    public async Task AuthConfigDelayMs_answers_auth_config_only_after_the_delay()
    {
        await using var faulty = await FaultyPlatform.StartAsync("AuthConfigDelayMs=1500");
        var client = faulty.Client;

        var clock = Stopwatch.StartNew();
        var config = await client.GetAsync(client.Auth("/auth/config"));

        Assert.That(config.Code, Is.EqualTo(200), config.ToString());
        Assert.That(config.Json.GetProperty("development_mode").GetBoolean(), Is.True, config.ToString());
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1450)));
    }

    [Test]
    public async Task Without_AuthConfig_faults_auth_config_answers_200_at_once()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var clock = Stopwatch.StartNew();
        var config = await client.GetAsync(client.Auth("/auth/config"));
        Assert.That(config.Code, Is.EqualTo(200), config.ToString());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(1450)));
    }

    [Test]
    public async Task ProfileOfAnotherUser_answers_auth_me_with_someone_elses_profile()
    {
        await using var faulty = await FaultyPlatform.StartAsync("ProfileOfAnotherUser=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();

        var me = await client.GetAsync(client.Auth("/auth/me"), user.AccessToken);

        Assert.That(me.Code, Is.EqualTo(200), me.ToString());
        Assert.That(me.Json.GetProperty("email").GetString(), Is.EqualTo("mallory@example.com"), me.ToString());
        Assert.That(me.Json.GetProperty("user_id").GetString(), Is.Not.EqualTo(user.Id), me.ToString());
        Assert.That(me.Json.GetProperty("name").GetString(), Is.EqualTo("Mallory"), me.ToString());
    }

    [Test]
    public async Task Without_profile_faults_auth_me_answers_the_users_own_profile()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var user = await client.NewUserAsync();
        var developer = PlatformClient.FromPair((await client.PostJsonAsync(client.Auth("/auth/dev/login"), new { })).Json);

        var me = await client.GetAsync(client.Auth("/auth/me"), user.AccessToken);
        var devMe = await client.GetAsync(client.Auth("/auth/me"), developer.AccessToken);

        Assert.That((me.Json.GetProperty("user_id").GetString(), me.Json.GetProperty("email").GetString()), Is.EqualTo((user.Id, user.Email)));
        Assert.That(devMe.Json.GetProperty("email").GetString(), Is.EqualTo("dev@example.com"), devMe.ToString());
    }

    [Test]
    public async Task DevLoginOrdinaryProfile_signs_the_developer_in_but_auth_me_shows_an_ordinary_profile()
    {
        await using var faulty = await FaultyPlatform.StartAsync("DevLoginOrdinaryProfile=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();

        var signIn = await client.PostJsonAsync(client.Auth("/auth/dev/login"), new { });
        Assert.That(signIn.Code, Is.EqualTo(200), signIn.ToString());
        var developer = PlatformClient.FromPair(signIn.Json);
        var devMe = await client.GetAsync(client.Auth("/auth/me"), developer.AccessToken);
        var me = await client.GetAsync(client.Auth("/auth/me"), user.AccessToken);

        Assert.That(developer.Email, Is.EqualTo("dev@example.com"), "the sign-in itself is the developer's");
        Assert.That(devMe.Code, Is.EqualTo(200), devMe.ToString());
        Assert.That(devMe.Json.GetProperty("email").GetString(), Is.Not.EqualTo("dev@example.com").IgnoreCase, devMe.ToString());
        Assert.That(devMe.Json.GetProperty("user_id").GetString(), Is.EqualTo(developer.Id), devMe.ToString());
        Assert.That(me.Json.GetProperty("email").GetString(), Is.EqualTo(user.Email), "other users' profiles are as before");
    }

    [Test]
    public async Task RevealUnknownEmail_tells_an_unknown_email_from_a_wrong_password()
    {
        await using var faulty = await FaultyPlatform.StartAsync("RevealUnknownEmail=true");
        var client = faulty.Client;

        var (unknown, wrong) = await RefusalsAsync(client);

        Assert.That((unknown.Code, unknown.Json.GetProperty("detail").GetString()), Is.EqualTo((401, "Unknown email")), unknown.ToString());
        Assert.That((wrong.Code, wrong.Json.GetProperty("detail").GetString()), Is.EqualTo((401, "Invalid credentials")), wrong.ToString());
    }

    [Test]
    public async Task Without_RevealUnknownEmail_both_refusals_say_invalid_credentials()
    {
        using var client = new PlatformClient(await Platforms.Default());

        var (unknown, wrong) = await RefusalsAsync(client);

        Assert.That((unknown.Code, unknown.Body), Is.EqualTo((wrong.Code, wrong.Body)));
    }

    private static async Task<(ApiResponse Unknown, ApiResponse Wrong)> RefusalsAsync(PlatformClient client)
    {
        // A user of its own for the wrong password, so no shared persona comes nearer its lockout.
        var known = $"known-{Guid.NewGuid():N}@example.com";
        var registered = await client.PostJsonAsync(client.Auth("/auth/register"), new { email = known, password = Password });
        Assert.That(registered.Code, Is.EqualTo(201), registered.ToString());
        var unknown = await client.PostJsonAsync(client.Auth("/auth/login"), new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = Password });
        var wrong = await client.PostJsonAsync(client.Auth("/auth/login"), new { email = known, password = "not-" + Password });
        return (unknown, wrong);
    }
}
