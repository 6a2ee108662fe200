using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Auth;

/// <summary>Every kind of bad token, against the auth service and the backend alike.</summary>
[TestFixture]
public sealed class TokenRejectionTests
{
    private PlatformClient _client = null!;
    private SignedInUser _user = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _client = new PlatformClient(await Platforms.Default());
        _user = await _client.NewUserAsync("tokens");
    }

    [OneTimeTearDown]
    public void Dispose() => _client.Dispose();

    public static IEnumerable<TestCaseData> BadTokens()
    {
        yield return new TestCaseData("alg none").SetName("A token with alg none is refused");
        yield return new TestCaseData("bad signature").SetName("A token with a bad signature is refused");
        yield return new TestCaseData("expired").SetName("A token expired beyond the 30 s skew is refused");
        yield return new TestCaseData("refresh as access").SetName("A refresh token used as an access token is refused");
        yield return new TestCaseData("no token_type").SetName("A token without token_type is refused");
        yield return new TestCaseData("wrong audience").SetName("A token for another audience is refused");
        yield return new TestCaseData("revoked").SetName("A revoked token is refused");
    }

    [TestCaseSource(nameof(BadTokens))]
    public async Task Bad_tokens_are_refused_by_auth_and_api(string kind)
    {
        var token = await TokenOfKindAsync(kind);

        var me = await _client.GetAsync(_client.Auth("/auth/me"), token);
        var threads = await _client.GetAsync(_client.Api("/api/threads"), token);
        var validate = await _client.PostJsonAsync(_client.Auth("/auth/validate"), new { token });

        Assert.Multiple(() =>
        {
            Assert.That(me.Code, Is.EqualTo(401), $"/auth/me: {me}");
            Assert.That(threads.Code, Is.EqualTo(401), $"/api/threads: {threads}");
            Assert.That(threads.Header("WWW-Authenticate"), Does.StartWith("Bearer"));
            Assert.That(threads.Json.GetProperty("error_code").GetString(), Is.EqualTo("UNAUTHORIZED"));
            Assert.That(validate.Json.GetProperty("valid").GetBoolean(), Is.False, validate.ToString());
        });
    }

    [Test]
    public async Task A_token_expired_within_the_skew_is_still_accepted()
    {
        var token = TokenForge.Sign(TokenForge.Claims(_user.Id, _user.Email, expiresInSeconds: -10));
        var threads = await _client.GetAsync(_client.Api("/api/threads"), token);
        Assert.That(threads.Code, Is.EqualTo(200), threads.ToString());
    }

    [Test]
    public async Task A_well_formed_locally_minted_token_is_accepted()
    {
        var token = TokenForge.Sign(TokenForge.Claims(_user.Id, _user.Email));
        var threads = await _client.GetAsync(_client.Api("/api/threads"), token);
        Assert.That(threads.Code, Is.EqualTo(200), threads.ToString());
    }

    private async Task<string> TokenOfKindAsync(string kind)
    {
        var claims = TokenForge.Claims(_user.Id, _user.Email);
        switch (kind)
        {
            case "alg none":
                return TokenForge.Sign(claims, alg: "none");
            case "bad signature":
                return TokenForge.Sign(claims, secret: "another-secret-that-is-long-enough-0123456789");
            case "expired":
                return TokenForge.Sign(TokenForge.Claims(_user.Id, _user.Email, expiresInSeconds: -60));
            case "refresh as access":
                return _user.RefreshToken;
            case "no token_type":
                claims.Remove("token_type");
                return TokenForge.Sign(claims);
            case "wrong audience":
                claims["aud"] = "someone-else";
                return TokenForge.Sign(claims);
            default:
                var victim = await _client.NewUserAsync("revoked");
                var logout = await _client.PostJsonAsync(_client.Auth("/auth/logout"), null, victim.AccessToken);
                Assert.That(logout.Code, Is.EqualTo(200), logout.ToString());
                return victim.AccessToken;
        }
    }
}
