using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Oidc;

[TestFixture]
public sealed class ProviderTests : DefaultPlatformFixture
{
    private CodeFlow _flow = null!;

    [SetUp]
    public void NewBrowser() => _flow = new CodeFlow(Client.Platform);

    [TearDown]
    public void CloseBrowser() => _flow.Dispose();

    [Test]
    public async Task Discovery_names_the_auth_origin_its_endpoints_and_only_S256()
    {
        var discovery = await Client.GetAsync(Client.Auth("/.well-known/openid-configuration"));
        Assert.That(discovery.Code, Is.EqualTo(200), discovery.ToString());
        var document = discovery.Json;
        var origin = Client.Platform.AuthUrl.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(document.GetProperty("issuer").GetString(), Is.EqualTo(origin));
            foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "jwks_uri" })
            {
                Assert.That(document.GetProperty(endpoint).GetString(), Does.StartWith(origin), endpoint);
            }
            Assert.That(document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "S256" }));
        });
    }

    [Test]
    public async Task Auth_config_reports_the_provider_and_its_discovery_url()
    {
        var config = await Client.GetAsync(Client.Auth("/auth/config"));
        Assert.Multiple(() =>
        {
            Assert.That(config.Json.GetProperty("oauth_enabled").GetBoolean(), Is.True, config.ToString());
            Assert.That(config.Json.GetProperty("discovery_url").GetString(), Is.EqualTo(Client.Auth("/.well-known/openid-configuration").ToString()));
        });
    }

    [Test]
    public async Task Code_and_PKCE_give_tokens_the_api_and_the_agent_channel_accept()
    {
        var tokens = await _flow.SignInAliceAsync();
        var threads = await Client.GetAsync(Client.Api("/api/threads"), tokens.AccessToken);
        Assert.That(threads.Code, Is.EqualTo(200), threads.ToString());
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, tokens.AccessToken);
        var alice = Client.Platform.Services.GetRequiredService<Storage.UserStore>().FindByEmail(CodeFlow.Alice.Email)!;
        Assert.That(socket.Established.GetProperty("data").GetProperty("user_id").GetString(), Is.EqualTo(alice.Id));
        await using var browserSocket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, tokens.AccessToken, viaSubprotocols: true);
        Assert.That(browserSocket.SubProtocol, Is.EqualTo("jwt-auth"));
    }

    [Test]
    public async Task The_access_token_is_a_signed_JWT_for_chat_api_whose_subject_is_the_v1_user_id()
    {
        var tokens = await _flow.SignInAliceAsync();
        var payload = CodeFlow.Payload(tokens.AccessToken);
        var alice = Client.Platform.Services.GetRequiredService<Storage.UserStore>().FindByEmail(CodeFlow.Alice.Email)!;
        Assert.Multiple(() =>
        {
            Assert.That(Audiences(payload), Does.Contain("chat-api"));
            Assert.That(payload.GetProperty("sub").GetString(), Is.EqualTo(alice.Id));
        });
        var check = await ValidateAgainstJwksAsync(tokens.AccessToken, "chat-api");
        Assert.That(check.IsValid, Is.True, check.Exception?.Message);
    }

    [Test]
    public async Task The_ID_token_is_signed_by_the_JWKS_and_carries_issuer_audience_subject_email_expiry_and_nonce()
    {
        var tokens = await _flow.SignInAliceAsync(nonce: "nonce-7f3a");
        var check = await ValidateAgainstJwksAsync(tokens.IdToken, CodeFlow.Cli);
        Assert.That(check.IsValid, Is.True, check.Exception?.Message);
        var payload = CodeFlow.Payload(tokens.IdToken);
        Assert.Multiple(() =>
        {
            Assert.That(payload.GetProperty("iss").GetString(), Is.EqualTo(Client.Platform.AuthUrl.ToString()));
            Assert.That(payload.GetProperty("nonce").GetString(), Is.EqualTo("nonce-7f3a"));
            Assert.That(payload.GetProperty("email").GetString(), Is.EqualTo(CodeFlow.Alice.Email));
            Assert.That(payload.TryGetProperty("sub", out _), Is.True, "sub");
            Assert.That(payload.GetProperty("exp").GetInt64(), Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            Assert.That(payload.TryGetProperty("iat", out _), Is.True, "iat");
        });
    }

    [Test]
    public async Task A_tampered_ID_token_fails_the_JWKS_check()
    {
        var tokens = await _flow.SignInAliceAsync();
        var parts = tokens.IdToken.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];
        var check = await ValidateAgainstJwksAsync(tampered, CodeFlow.Cli);
        Assert.That(check.IsValid, Is.False);
    }

    [Test]
    public async Task A_refresh_rotates_and_the_old_refresh_token_is_then_invalid_grant()
    {
        var tokens = await _flow.SignInAliceAsync();
        var rotated = await _flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);
        Assert.That(rotated.Status, Is.EqualTo(200), rotated.Redacted);
        Assert.That(rotated.RefreshToken, Is.Not.EqualTo(tokens.RefreshToken));
        var again = await _flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);
        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(400), again.Redacted);
            Assert.That(again.Error, Is.EqualTo("invalid_grant"));
        });
        var afterReuse = await _flow.RefreshAsync(CodeFlow.Cli, rotated.RefreshToken);
        Assert.That(afterReuse.Error, Is.EqualTo("invalid_grant"), $"the reuse did not end the session: {afterReuse.Redacted}");
    }

    [Test]
    public async Task Reusing_a_rotated_refresh_token_ends_the_session_and_closes_its_channel_with_1008()
    {
        var tokens = await _flow.SignInAliceAsync();
        var rotated = await _flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);
        Assert.That(rotated.Status, Is.EqualTo(200), rotated.Redacted);
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, rotated.AccessToken);

        var reuse = await _flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);

        Assert.That(reuse.Error, Is.EqualTo("invalid_grant"), reuse.Redacted);
        var (status, _) = await socket.ClosedAsync("the channel to close after the refresh token's reuse");
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        var threads = await Client.GetAsync(Client.Api("/api/threads"), rotated.AccessToken);
        Assert.That(threads.Code, Is.EqualTo(401), threads.ToString());
    }

    [Test]
    public async Task Ending_the_session_revokes_its_tokens_and_closes_its_channel_with_1008()
    {
        var tokens = await _flow.SignInAliceAsync();
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, tokens.AccessToken);

        var end = await _flow.GetAsync(_flow.Auth("/connect/endsession?id_token_hint=" + Uri.EscapeDataString(tokens.IdToken)));

        Assert.That((int)end.StatusCode, Is.EqualTo(200), "end-session without a post-logout URI shows the signed-out page");
        var (status, _) = await socket.ClosedAsync("the channel to close after the end of the session");
        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        var threads = await Client.GetAsync(Client.Api("/api/threads"), tokens.AccessToken);
        var refresh = await _flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);
        var handshake = await AgentSocket.HandshakeStatusAsync(Client.Platform.WebSocketUrl, tokens.AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(threads.Code, Is.EqualTo(401), threads.ToString());
            Assert.That(refresh.Error, Is.EqualTo("invalid_grant"), refresh.Redacted);
            Assert.That(handshake, Is.EqualTo(401));
        });
    }

    [Test]
    public async Task Ending_the_session_with_a_registered_post_logout_uri_redirects_there()
    {
        var tokens = await _flow.SignInAliceAsync();
        var end = await _flow.GetAsync(_flow.Auth("/connect/endsession?id_token_hint=" + Uri.EscapeDataString(tokens.IdToken)
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString("http://127.0.0.1/signed-out")));
        Assert.That(end.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(end.Headers.Location!.AbsolutePath, Is.EqualTo("/signed-out"));
    }

    public static IEnumerable<TestCaseData> RefusedAuthorizations()
    {
        var (_, challenge) = CodeFlow.NewPkce();
        yield return new TestCaseData("cli", null, "S256", "cli").SetName("Authorize without PKCE is refused");
        yield return new TestCaseData("cli", challenge, "plain", "cli").SetName("Authorize with plain PKCE is refused");
        yield return new TestCaseData("cli", challenge, "S256", "https://evil.example/callback").SetName("Authorize with an unregistered redirect URI is refused and not followed");
        yield return new TestCaseData("unknown-client", challenge, "S256", "cli").SetName("Authorize for an unknown client is refused");
        yield return new TestCaseData("web", challenge, "S256", "http://127.0.0.1:1/auth/callback").SetName("Authorize for the web client on another port is refused");
    }

    [TestCaseSource(nameof(RefusedAuthorizations))]
    public async Task Refused_authorization_requests_are_400_invalid_request_never_a_code_or_a_redirect(
        string client, string? challenge, string method, string redirect)
    {
        var clientId = client switch { "cli" => CodeFlow.Cli, "web" => CodeFlow.Web, _ => client };
        var redirectUri = redirect == "cli" ? _flow.CliRedirect : redirect;
        var response = await _flow.GetAsync(_flow.AuthorizeUrl(CodeFlow.AuthorizeParameters(clientId, redirectUri, challenge, method)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400), body);
            Assert.That(response.Headers.Location, Is.Null, "the provider redirected");
            Assert.That(body, Does.Contain("invalid_request"));
        });
    }

    [Test]
    public async Task A_wrong_code_verifier_is_invalid_grant()
    {
        var (_, challenge) = CodeFlow.NewPkce();
        var code = await _flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, _flow.CliRedirect, challenge));
        var answer = await _flow.RedeemAsync(CodeFlow.Cli, code, CodeFlow.NewPkce().Verifier, _flow.CliRedirect);
        Assert.That((answer.Status, answer.Error), Is.EqualTo((400, "invalid_grant")), answer.Redacted);
    }

    [Test]
    public async Task A_reused_code_is_invalid_grant_and_revokes_what_it_gave()
    {
        var (verifier, challenge) = CodeFlow.NewPkce();
        var code = await _flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, _flow.CliRedirect, challenge));
        var first = await _flow.RedeemAsync(CodeFlow.Cli, code, verifier, _flow.CliRedirect);
        Assert.That(first.Status, Is.EqualTo(200), first.Redacted);
        var second = await _flow.RedeemAsync(CodeFlow.Cli, code, verifier, _flow.CliRedirect);
        Assert.That((second.Status, second.Error), Is.EqualTo((400, "invalid_grant")), second.Redacted);
        var threads = await Client.GetAsync(Client.Api("/api/threads"), first.AccessToken);
        Assert.That(threads.Code, Is.EqualTo(401), $"the first redemption's access token still works: {threads}");
    }

    [Test]
    public async Task A_code_presented_by_another_client_is_refused()
    {
        var (verifier, challenge) = CodeFlow.NewPkce();
        var code = await _flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, _flow.CliRedirect, challenge));
        var answer = await _flow.RedeemAsync(CodeFlow.Web, code, verifier, _flow.CliRedirect);
        Assert.That((answer.Status, answer.Error), Is.EqualTo((400, "invalid_grant")), answer.Redacted);
    }

    [Test]
    public async Task An_unknown_client_at_the_token_endpoint_is_invalid_client()
    {
        var (verifier, challenge) = CodeFlow.NewPkce();
        var code = await _flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, _flow.CliRedirect, challenge));
        var answer = await _flow.RedeemAsync("no-such-client", code, verifier, _flow.CliRedirect);
        Assert.That(answer.Status, Is.AnyOf(400, 401), answer.Redacted);
        Assert.That(answer.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task The_login_page_refuses_a_wrong_password_with_an_alert_and_no_session()
    {
        var (_, challenge) = CodeFlow.NewPkce();
        var parameters = CodeFlow.AuthorizeParameters(CodeFlow.Cli, _flow.CliRedirect, challenge);
        var login = await _flow.GetAsync(_flow.AuthorizeUrl(parameters));
        var page = await _flow.GetAsync(login.Headers.Location!);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<label for=\"email\">Email</label>"));
            Assert.That(html, Does.Contain("<label for=\"password\">Password</label>"));
            Assert.That(html, Does.Contain("role=\"alert\""));
        });
        Assert.ThrowsAsync<AssertionException>(() => _flow.SignInAsync(parameters, CodeFlow.Alice.Email, "wrong-password"));
        var again = await _flow.GetAsync(_flow.AuthorizeUrl(parameters));
        Assert.That(again.Headers.Location!.AbsolutePath, Is.EqualTo("/connect/login"), "a failed sign-in left a provider session");
    }

    [Test]
    public async Task Behind_a_loopback_proxy_the_provider_announces_the_public_origin()
    {
        var headers = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "auth.example.com" };
        var discovery = await Client.GetAsync(Client.Auth("/.well-known/openid-configuration"), headers: headers);
        Assert.Multiple(() =>
        {
            Assert.That(discovery.Json.GetProperty("issuer").GetString(), Is.EqualTo("https://auth.example.com/"));
            Assert.That(discovery.Json.GetProperty("token_endpoint").GetString(), Is.EqualTo("https://auth.example.com/connect/token"));
            Assert.That(discovery.Json.GetProperty("jwks_uri").GetString(), Is.EqualTo("https://auth.example.com/.well-known/jwks"));
        });
    }

    private async Task<TokenValidationResult> ValidateAgainstJwksAsync(string jwt, string audience)
    {
        var jwks = await Client.GetAsync(Client.Auth("/.well-known/jwks"));
        var keys = new JsonWebKeySet(jwks.Body).GetSigningKeys();
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = Client.Platform.AuthUrl.ToString(),
            ValidAudience = audience,
            IssuerSigningKeys = keys,
            ValidateLifetime = true,
        });
    }

    private static IEnumerable<string?> Audiences(JsonElement payload) =>
        payload.GetProperty("aud") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(a => a.GetString()) : [payload.GetProperty("aud").GetString()];
}

[TestFixture]
public sealed class ProviderOffTests
{
    [Test]
    public async Task With_the_provider_off_auth_config_says_so_and_discovery_is_404()
    {
        using var client = new PlatformClient(await Platforms.Get("oidc-off", "--Platform:Oidc:Enabled=false"));
        var config = await client.GetAsync(client.Auth("/auth/config"));
        var discovery = await client.GetAsync(client.Auth("/.well-known/openid-configuration"));
        Assert.Multiple(() =>
        {
            Assert.That(config.Json.GetProperty("oauth_enabled").GetBoolean(), Is.False);
            Assert.That(config.Json.TryGetProperty("discovery_url", out _), Is.False);
            Assert.That(discovery.Code, Is.EqualTo(404));
        });
    }
}
