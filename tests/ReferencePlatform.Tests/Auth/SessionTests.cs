using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Auth;

[TestFixture]
public sealed class SessionTests : DefaultPlatformFixture
{
    [Test]
    public async Task Refreshing_rotates_the_pair()
    {
        var user = await Client.NewUserAsync();
        var response = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var rotated = PlatformClient.FromPair(response.Json);
        Assert.Multiple(() =>
        {
            Assert.That(rotated.RefreshToken, Is.Not.EqualTo(user.RefreshToken));
            Assert.That(rotated.AccessToken, Is.Not.EqualTo(user.AccessToken));
        });
        var me = await Client.GetAsync(Client.Auth("/auth/me"), rotated.AccessToken);
        Assert.That(me.Code, Is.EqualTo(200), me.ToString());
    }

    [Test]
    public async Task Reusing_a_rotated_refresh_token_is_401_and_revokes_the_session()
    {
        var user = await Client.NewUserAsync();
        var first = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        var rotated = PlatformClient.FromPair(first.Json);

        var reuse = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });

        Assert.That(reuse.Code, Is.EqualTo(401), reuse.ToString());
        Assert.That(reuse.Json.GetProperty("detail").GetString(), Is.Not.Empty);
        var meWithRotated = await Client.GetAsync(Client.Auth("/auth/me"), rotated.AccessToken);
        var refreshWithRotated = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = rotated.RefreshToken });
        var threadsWithRotated = await Client.GetAsync(Client.Api("/api/threads"), rotated.AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(meWithRotated.Code, Is.EqualTo(401), $"the session's new access token still works: {meWithRotated}");
            Assert.That(refreshWithRotated.Code, Is.EqualTo(401), $"the session's new refresh token still works: {refreshWithRotated}");
            Assert.That(threadsWithRotated.Code, Is.EqualTo(401), $"the api still accepts the session: {threadsWithRotated}");
        });
    }

    [TestCase("not-a-token", TestName = "Refreshing with garbage is 401")]
    [TestCase("access", TestName = "Refreshing with an access token is 401")]
    public async Task Refreshing_with_an_invalid_token_is_401(string token)
    {
        var user = await Client.NewUserAsync();
        var response = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = token == "access" ? user.AccessToken : token });
        Assert.That(response.Code, Is.EqualTo(401), response.ToString());
    }

    [Test]
    public async Task Refreshing_without_the_field_is_422()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { });
        Assert.That(response.Code, Is.EqualTo(422), response.ToString());
    }

    [Test]
    public async Task Signing_out_revokes_the_access_token_and_the_session()
    {
        var user = await Client.NewUserAsync();
        var logout = await Client.PostJsonAsync(Client.Auth("/auth/logout"), null, user.AccessToken);
        Assert.That(logout.Code, Is.EqualTo(200), logout.ToString());

        var me = await Client.GetAsync(Client.Auth("/auth/me"), user.AccessToken);
        var api = await Client.GetAsync(Client.Api("/api/threads"), user.AccessToken);
        var refresh = await Client.PostJsonAsync(Client.Auth("/auth/refresh"), new { refresh_token = user.RefreshToken });
        Assert.Multiple(() =>
        {
            Assert.That(me.Code, Is.EqualTo(401), me.ToString());
            Assert.That(api.Code, Is.EqualTo(401), api.ToString());
            Assert.That(refresh.Code, Is.EqualTo(401), refresh.ToString());
        });
    }

    [Test]
    public async Task Signing_out_without_a_token_is_401()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/logout"), null);
        Assert.That(response.Code, Is.EqualTo(401), response.ToString());
        Assert.That(response.Header("WWW-Authenticate"), Does.StartWith("Bearer"));
    }

    [Test]
    public async Task Me_returns_the_signed_in_user()
    {
        var alice = await Client.LoginAsync("alice@example.com", "correct-horse-alice");
        var response = await Client.GetAsync(Client.Auth("/auth/me"), alice.AccessToken);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("user_id").GetString(), Is.EqualTo(alice.Id));
            Assert.That(body.GetProperty("email").GetString(), Is.EqualTo("alice@example.com"));
            Assert.That(body.GetProperty("name").GetString(), Is.EqualTo("Alice"));
            Assert.That(body.GetProperty("permissions").GetArrayLength(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Me_without_a_token_is_401_with_a_detail()
    {
        var response = await Client.GetAsync(Client.Auth("/auth/me"));
        Assert.That(response.Code, Is.EqualTo(401), response.ToString());
        Assert.That(response.Json.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Validating_a_good_token_says_valid_with_its_claims()
    {
        var user = await Client.NewUserAsync();
        var response = await Client.PostJsonAsync(Client.Auth("/auth/validate"), new { token = user.AccessToken });
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("user_id").GetString(), Is.EqualTo(user.Id));
            Assert.That(body.GetProperty("email").GetString(), Is.EqualTo(user.Email));
            Assert.That(body.GetProperty("permissions").GetArrayLength(), Is.GreaterThan(0));
            Assert.That(DateTimeOffset.Parse(body.GetProperty("expires_at").GetString()!), Is.GreaterThan(DateTimeOffset.UtcNow));
        });
    }

    [TestCase("garbage", TestName = "Validating garbage says invalid")]
    [TestCase("refresh", TestName = "Validating a refresh token says invalid")]
    public async Task Validating_a_bad_token_says_invalid_with_a_reason(string kind)
    {
        var user = await Client.NewUserAsync();
        var response = await Client.PostJsonAsync(Client.Auth("/auth/validate"), new { token = kind == "refresh" ? user.RefreshToken : "a.b.c" });
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(response.Json.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(response.Json.GetProperty("error").GetString(), Is.Not.Empty);
            Assert.That(response.Json.GetProperty("message").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Validating_without_a_token_is_422()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/validate"), new { token = 12 });
        Assert.That(response.Code, Is.EqualTo(422), response.ToString());
    }

    [Test]
    public async Task The_config_lists_the_endpoints_and_the_dev_login_in_development_mode()
    {
        var response = await Client.GetAsync(Client.Auth("/auth/config"));
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var body = response.Json;
        var endpoints = body.GetProperty("endpoints");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("development_mode").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("oauth_enabled").GetBoolean(), Is.True, "the identity provider is on by default (contract v1.1)");
            foreach (var name in new[] { "login", "logout", "refresh", "me", "dev_login" })
            {
                Assert.That(endpoints.GetProperty(name).GetString(), Does.StartWith(Client.Platform.AuthUrl.ToString().TrimEnd('/') + "/auth/"), name);
            }
        });
    }

    [Test]
    public async Task The_dev_login_signs_in_the_dev_user()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/dev/login"), null);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.That(response.Json.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo("dev@example.com"));
    }

    [Test]
    public async Task The_e2e_test_auth_with_the_key_returns_a_token_pair()
    {
        var user = await Client.NewUserAsync("e2e");
        var me = await Client.GetAsync(Client.Auth("/auth/me"), user.AccessToken);
        Assert.That(me.Code, Is.EqualTo(200), me.ToString());
    }

    [TestCase(null, TestName = "The e2e test auth without a key is 401")]
    [TestCase("wrong-key", TestName = "The e2e test auth with a wrong key is 401")]
    public async Task The_e2e_test_auth_with_a_wrong_key_is_401(string? key)
    {
        var headers = key is null ? null : new Dictionary<string, string> { ["X-E2E-Bypass-Key"] = key };
        var response = await Client.PostJsonAsync(Client.Auth("/auth/e2e/test-auth"), new { }, headers: headers);
        Assert.That(response.Code, Is.EqualTo(401), response.ToString());
    }
}
